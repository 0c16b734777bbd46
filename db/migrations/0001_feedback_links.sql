ALTER TABLE `bookings` ADD `feedback_given_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `feedback_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_feedback_token_unique` ON `sessions` (`feedback_token`);