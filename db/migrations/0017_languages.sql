CREATE TABLE `programme_translations` (
	`programme_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`public_title` text DEFAULT '' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`aims` text DEFAULT '[]' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`programme_id`, `locale`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `bookings` ADD `locale` text DEFAULT 'en' NOT NULL;