DROP INDEX `sessions_series_idx`;--> statement-breakpoint
CREATE INDEX `sessions_series_idx` ON `sessions` (`series_id`,`starts_at`,`id`);