-- L&D count training by the department on the council's staff list (issue 12, item 10): a booking whose email
-- is on the current staff list takes that department for the figures, whatever was typed on the booking
-- (which is kept as typed). The identity triggers of 0008 now look the staff list up first; uploading a list
-- re-derives the department of every booking that still holds its details (app/models/compulsory.server.ts).
-- Anonymised bookings keep the ids they had (ADR 017).
DROP TRIGGER bookings_identity_after_insert;
--> statement-breakpoint
DROP TRIGGER bookings_identity_after_update;
--> statement-breakpoint
CREATE TRIGGER bookings_identity_after_insert AFTER INSERT ON bookings
BEGIN
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(department)), trim(department) FROM staff_members
    WHERE email = NEW.email_normalised AND left_at IS NULL AND trim(department) <> '';
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  UPDATE bookings SET
    person_id = (SELECT id FROM people WHERE email_normalised = NEW.email_normalised),
    department_id = coalesce(
      (SELECT d.id FROM staff_members m JOIN department_keys d ON d.key = lower(trim(m.department))
        WHERE m.email = NEW.email_normalised AND m.left_at IS NULL),
      (SELECT id FROM department_keys WHERE key = lower(trim(NEW.department))))
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER bookings_identity_after_update AFTER UPDATE OF email_normalised, department ON bookings
WHEN NEW.anonymised_at IS NULL
BEGIN
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(department)), trim(department) FROM staff_members
    WHERE email = NEW.email_normalised AND left_at IS NULL AND trim(department) <> '';
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  UPDATE bookings SET
    person_id = (SELECT id FROM people WHERE email_normalised = NEW.email_normalised),
    department_id = coalesce(
      (SELECT d.id FROM staff_members m JOIN department_keys d ON d.key = lower(trim(m.department))
        WHERE m.email = NEW.email_normalised AND m.left_at IS NULL),
      (SELECT id FROM department_keys WHERE key = lower(trim(NEW.department))))
  WHERE id = NEW.id;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO department_keys (key, label)
  SELECT lower(trim(department)), trim(department) FROM staff_members WHERE left_at IS NULL AND trim(department) <> '' ORDER BY id;
--> statement-breakpoint
UPDATE bookings SET department_id = (
    SELECT d.id FROM staff_members m JOIN department_keys d ON d.key = lower(trim(m.department))
    WHERE m.email = bookings.email_normalised AND m.left_at IS NULL)
  WHERE anonymised_at IS NULL
    AND EXISTS (SELECT 1 FROM staff_members m WHERE m.email = bookings.email_normalised AND m.left_at IS NULL AND trim(m.department) <> '');
