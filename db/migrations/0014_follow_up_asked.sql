ALTER TABLE `bookings` ADD `follow_up_asked_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `manager_asked_at` integer;