ALTER TABLE `bookings` ADD `person_id` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `department_id` integer;--> statement-breakpoint
CREATE INDEX `bookings_person_idx` ON `bookings` (`person_id`);