DROP INDEX `answers_question_session_idx`;--> statement-breakpoint
CREATE INDEX `answers_report_idx` ON `answers` (`question_id`,`row_key`,`choice`,`rank`,`number`,`session_id`,`response_id`);