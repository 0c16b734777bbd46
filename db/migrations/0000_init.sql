CREATE TABLE `action_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `action_target_programmes` (
	`target_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	PRIMARY KEY(`target_id`, `programme_id`),
	FOREIGN KEY (`target_id`) REFERENCES `action_targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `action_targets` (
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
	CONSTRAINT "action_targets_metric_check" CHECK(metric in ('people_trained', 'organisations_reached', 'sessions_delivered', 'pct_extremely_useful', 'pct_recommend', 'bookings'))
);
--> statement-breakpoint
CREATE INDEX `action_targets_action_idx` ON `action_targets` (`action_id`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`form_id` integer NOT NULL,
	`session_id` integer,
	`row_key` text,
	`choice` text,
	`rank` integer,
	`number` real,
	`text` text,
	`quote_permission` integer,
	`quote_attribution` text,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answers_response_idx` ON `answers` (`response_id`);--> statement-breakpoint
CREATE INDEX `answers_question_session_idx` ON `answers` (`question_id`,`session_id`,`row_key`,`choice`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`details` text,
	`ip_address` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_user_idx` ON `audit_log` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `auth_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user_idx` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `auth_sessions_expires_idx` ON `auth_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`email_normalised` text NOT NULL,
	`organisation_id` integer,
	`organisation_name` text NOT NULL,
	`sector` text NOT NULL,
	`department` text,
	`job_role` text NOT NULL,
	`access_needs` text,
	`status` text NOT NULL,
	`waitlisted_at` integer,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`cancelled_by` text,
	`cancellation_reason` text,
	`attendance` text DEFAULT 'unknown' NOT NULL,
	`attendance_marked_at` integer,
	`attendance_marked_by` integer,
	`source` text DEFAULT 'online' NOT NULL,
	`manage_token` text NOT NULL,
	`feedback_token` text NOT NULL,
	`calendar_uid` text NOT NULL,
	`calendar_sequence` integer DEFAULT 0 NOT NULL,
	`consented_at` integer,
	`anonymised_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`attendance_marked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "bookings_status_check" CHECK(status in ('confirmed', 'waitlisted', 'cancelled')),
	CONSTRAINT "bookings_attendance_check" CHECK(attendance in ('unknown', 'attended', 'no_show')),
	CONSTRAINT "bookings_sector_check" CHECK(sector in ('council_department', 'police', 'health', 'housing_provider', 'voluntary_sector', 'school', 'business', 'hotel', 'licensed_venue', 'other')),
	CONSTRAINT "bookings_source_check" CHECK(source in ('online', 'phone', 'walk_in', 'import')),
	CONSTRAINT "bookings_waitlist_check" CHECK(status <> 'waitlisted' or waitlisted_at is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_manage_token_unique` ON `bookings` (`manage_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_feedback_token_unique` ON `bookings` (`feedback_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_calendar_uid_unique` ON `bookings` (`calendar_uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_active_per_person` ON `bookings` (`session_id`,`email_normalised`) WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX `bookings_session_status_idx` ON `bookings` (`session_id`,`status`,`waitlisted_at`);--> statement-breakpoint
CREATE INDEX `bookings_organisation_idx` ON `bookings` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `bookings_email_idx` ON `bookings` (`email_normalised`);--> statement-breakpoint
CREATE INDEX `bookings_sector_idx` ON `bookings` (`sector`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`booking_id` integer,
	`session_id` integer,
	`to_address` text NOT NULL,
	`to_name` text,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`ics_content` text,
	`ics_method` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`message_id` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "email_outbox_status_check" CHECK(status in ('queued', 'sending', 'sent', 'failed', 'held'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_dedupe_unique` ON `email_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_idx` ON `email_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_booking_idx` ON `email_outbox` (`booking_id`);--> statement-breakpoint
CREATE INDEX `email_outbox_created_idx` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `evaluation_narratives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`session_id` integer,
	`summary` text DEFAULT '' NOT NULL,
	`next_steps` text DEFAULT '' NOT NULL,
	`updated_by` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_narratives_programme_unique` ON `evaluation_narratives` (`programme_id`) WHERE session_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_narratives_session_unique` ON `evaluation_narratives` (`session_id`) WHERE session_id is not null;--> statement-breakpoint
CREATE TABLE `forms` (
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
	CONSTRAINT "forms_kind_check" CHECK(kind in ('evaluation', 'consultation')),
	CONSTRAINT "forms_status_check" CHECK(status in ('draft', 'open', 'closed')),
	CONSTRAINT "forms_programme_check" CHECK(kind <> 'evaluation' or programme_id is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forms_public_token_unique` ON `forms` (`public_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `forms_one_per_programme` ON `forms` (`programme_id`) WHERE kind = 'evaluation';--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`normalised_name` text NOT NULL,
	`sector` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "organisations_sector_check" CHECK(sector in ('council_department', 'police', 'health', 'housing_provider', 'voluntary_sector', 'school', 'business', 'hotel', 'licensed_venue', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_normalised_name_unique` ON `organisations` (`normalised_name`);--> statement-breakpoint
CREATE INDEX `organisations_sector_idx` ON `organisations` (`sector`);--> statement-breakpoint
CREATE TABLE `plan_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`priority_id` integer NOT NULL,
	`position` integer NOT NULL,
	`key_action` text NOT NULL,
	`deadline_text` text DEFAULT '' NOT NULL,
	`deadline_on` text,
	`ongoing` integer DEFAULT false NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`lead` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`imported_rag` text,
	`rag_override` text,
	`rag_override_reason` text,
	`rag_overridden_by` integer,
	`rag_overridden_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`priority_id`) REFERENCES `plan_priorities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rag_overridden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "plan_actions_rag_check" CHECK(rag_override is null or rag_override in ('complete', 'green', 'amber', 'red', 'blue')),
	CONSTRAINT "plan_actions_override_reason_check" CHECK(rag_override is null or length(trim(coalesce(rag_override_reason, ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `plan_actions_priority_idx` ON `plan_actions` (`priority_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_priorities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_priorities_title_unique` ON `plan_priorities` (`plan_id`,`title`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`aims` text DEFAULT '[]' NOT NULL,
	`audience` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`default_capacity` integer NOT NULL,
	`default_duration_minutes` integer NOT NULL,
	`sensitive` integer DEFAULT false NOT NULL,
	`public_title` text,
	`reminder_days_before` integer DEFAULT 2 NOT NULL,
	`feedback_chaser_days` integer DEFAULT 7 NOT NULL,
	`feedback_open_days` integer DEFAULT 28 NOT NULL,
	`archived_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "programmes_category_check" CHECK(category in ('training', 'awareness_event', 'workshop', 'campaign')),
	CONSTRAINT "programmes_capacity_check" CHECK(default_capacity > 0),
	CONSTRAINT "programmes_duration_check" CHECK(default_duration_minutes > 0),
	CONSTRAINT "programmes_public_title_check" CHECK(sensitive = 0 or length(trim(coalesce(public_title, ''))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_slug_unique` ON `programmes` (`slug`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_id` integer NOT NULL,
	`position` integer NOT NULL,
	`type` text NOT NULL,
	`metric` text,
	`prompt` text NOT NULL,
	`hint` text DEFAULT '' NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "questions_type_check" CHECK(type in ('single_choice', 'multiple_choice', 'yes_no', 'scale', 'agreement', 'grid', 'ranking', 'short_text', 'long_text', 'quote'))
);
--> statement-breakpoint
CREATE INDEX `questions_form_position_idx` ON `questions` (`form_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `questions_form_metric_unique` ON `questions` (`form_id`,`metric`) WHERE metric is not null;--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_id` integer NOT NULL,
	`session_id` integer,
	`booking_id` integer,
	`channel` text NOT NULL,
	`submitted_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "responses_channel_check" CHECK(channel in ('attendee_link', 'anonymous_link', 'paper'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_booking_unique` ON `responses` (`booking_id`) WHERE booking_id is not null;--> statement-breakpoint
CREATE INDEX `responses_form_session_idx` ON `responses` (`form_id`,`session_id`);--> statement-breakpoint
CREATE INDEX `responses_session_idx` ON `responses` (`session_id`);--> statement-breakpoint
CREATE TABLE `session_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`changes` text NOT NULL,
	`changed_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_changes_sequence_unique` ON `session_changes` (`session_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `session_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`pattern` text NOT NULL,
	`occurrences` integer NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "session_series_pattern_check" CHECK(pattern in ('weekly', 'fortnightly', 'monthly'))
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`series_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`venue` text,
	`online_url` text,
	`capacity` integer NOT NULL,
	`booking_closes_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`cancelled_at` integer,
	`cancelled_reason` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`facilitator_id` integer,
	`notes_for_attendees` text DEFAULT '' NOT NULL,
	`attendance_taken_at` integer,
	`feedback_closes_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`series_id`) REFERENCES `session_series`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`facilitator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "sessions_status_check" CHECK(status in ('scheduled', 'cancelled')),
	CONSTRAINT "sessions_time_check" CHECK(ends_at > starts_at),
	CONSTRAINT "sessions_capacity_check" CHECK(capacity >= 0),
	CONSTRAINT "sessions_place_check" CHECK(venue is not null or online_url is not null)
);
--> statement-breakpoint
CREATE INDEX `sessions_starts_idx` ON `sessions` (`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_programme_starts_idx` ON `sessions` (`programme_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_series_idx` ON `sessions` (`series_id`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip_address` text NOT NULL,
	`succeeded` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_email_idx` ON `sign_in_attempts` (`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_ip_idx` ON `sign_in_attempts` (`ip_address`,`created_at`);--> statement-breakpoint
CREATE TABLE `site_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `staff_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`department` text NOT NULL,
	`job_role` text DEFAULT '' NOT NULL,
	`left_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_members_email_unique` ON `staff_members` (`email`);--> statement-breakpoint
CREATE INDEX `staff_members_department_idx` ON `staff_members` (`department`);--> statement-breakpoint
CREATE TABLE `training_requirement_programmes` (
	`requirement_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	PRIMARY KEY(`requirement_id`, `programme_id`),
	FOREIGN KEY (`requirement_id`) REFERENCES `training_requirements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `training_requirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`department` text,
	`refresher_months` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled_at` integer,
	`last_signed_in_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "users_role_check" CHECK(role in ('admin', 'organiser', 'facilitator', 'reporter'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);