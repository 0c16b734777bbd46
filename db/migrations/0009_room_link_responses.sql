ALTER TABLE `responses` ADD `device_key` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `voided_at` integer;--> statement-breakpoint
ALTER TABLE `responses` ADD `voided_by` integer REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `responses` ADD `void_reason` text;--> statement-breakpoint
CREATE INDEX `responses_review_idx` ON `responses` (`session_id`) WHERE channel <> 'attendee_link' or voided_at is not null;--> statement-breakpoint
CREATE INDEX `bookings_feedback_review_idx` ON `bookings` (`session_id`) WHERE feedback_given_at is not null and (status <> 'confirmed' or attendance <> 'attended');