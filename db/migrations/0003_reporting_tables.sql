CREATE TABLE `attendance_facts` (
	`booking_id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`day` integer NOT NULL,
	`month` integer NOT NULL,
	`quarter` integer NOT NULL,
	`programme_id` integer NOT NULL,
	`organisation_id` integer,
	`sector` text NOT NULL,
	`department_id` integer
);
--> statement-breakpoint
CREATE INDEX `attendance_facts_person_idx` ON `attendance_facts` (`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE INDEX `attendance_facts_programme_idx` ON `attendance_facts` (`programme_id`,`person_id`,`day`);--> statement-breakpoint
CREATE INDEX `attendance_facts_organisation_idx` ON `attendance_facts` (`organisation_id`,`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE INDEX `attendance_facts_sector_idx` ON `attendance_facts` (`sector`,`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE INDEX `attendance_facts_department_idx` ON `attendance_facts` (`department_id`,`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE INDEX `attendance_facts_month_idx` ON `attendance_facts` (`month`,`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE INDEX `attendance_facts_quarter_idx` ON `attendance_facts` (`quarter`,`person_id`,`day`,`programme_id`);--> statement-breakpoint
CREATE TABLE `department_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `department_keys_key_unique` ON `department_keys` (`key`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email_normalised` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email_normalised`);