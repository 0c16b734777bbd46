PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_action_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer NOT NULL,
	`label` text NOT NULL,
	`metric` text NOT NULL,
	`target_value` real NOT NULL,
	`sector` text,
	`window_starts_on` text NOT NULL,
	`window_ends_on` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `plan_actions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "action_targets_metric_check" CHECK(metric in ('people_trained', 'organisations_reached', 'sessions_delivered', 'pct_extremely_useful', 'pct_recommend', 'bookings', 'pct_applying'))
);
--> statement-breakpoint
INSERT INTO `__new_action_targets`("id", "action_id", "label", "metric", "target_value", "sector", "window_starts_on", "window_ends_on", "created_at") SELECT "id", "action_id", "label", "metric", "target_value", "sector", "window_starts_on", "window_ends_on", "created_at" FROM `action_targets`;--> statement-breakpoint
DROP TABLE `action_targets`;--> statement-breakpoint
ALTER TABLE `__new_action_targets` RENAME TO `action_targets`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `action_targets_action_idx` ON `action_targets` (`action_id`);--> statement-breakpoint
CREATE TABLE `__new_forms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`programme_id` integer,
	`title` text NOT NULL,
	`introduction` text DEFAULT '' NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`public_token` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "forms_kind_check" CHECK(kind in ('evaluation', 'consultation', 'follow_up', 'manager')),
	CONSTRAINT "forms_status_check" CHECK(status in ('draft', 'open', 'closed')),
	CONSTRAINT "forms_programme_check" CHECK(kind = 'consultation' or programme_id is not null)
);
--> statement-breakpoint
INSERT INTO `__new_forms`("id", "kind", "programme_id", "title", "introduction", "anonymous", "status", "opens_at", "closes_at", "public_token", "created_by", "created_at", "updated_at") SELECT "id", "kind", "programme_id", "title", "introduction", "anonymous", "status", "opens_at", "closes_at", "public_token", "created_by", "created_at", "updated_at" FROM `forms`;--> statement-breakpoint
DROP TABLE `forms`;--> statement-breakpoint
ALTER TABLE `__new_forms` RENAME TO `forms`;--> statement-breakpoint
CREATE UNIQUE INDEX `forms_public_token_unique` ON `forms` (`public_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `forms_one_of_each_kind` ON `forms` (`programme_id`,`kind`) WHERE kind <> 'consultation';--> statement-breakpoint
DROP INDEX `responses_booking_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `responses_form_booking_unique` ON `responses` (`form_id`,`booking_id`) WHERE booking_id is not null;--> statement-breakpoint
DROP INDEX `bookings_feedback_review_idx`;--> statement-breakpoint
ALTER TABLE `bookings` ADD `manager_email` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `manager_token` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `follow_up_given_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `manager_given_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_manager_token_unique` ON `bookings` (`manager_token`) WHERE manager_token is not null;--> statement-breakpoint
CREATE INDEX `bookings_feedback_review_idx` ON `bookings` (`session_id`) WHERE (feedback_given_at is not null or follow_up_given_at is not null or manager_given_at is not null) and (status <> 'confirmed' or attendance <> 'attended');--> statement-breakpoint
ALTER TABLE `programmes` ADD `follow_up_weeks` integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE `programmes` ADD `ask_line_manager` integer DEFAULT false NOT NULL;