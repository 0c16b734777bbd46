-- Retention removes a booking's email and department (docs/decisions/017-retention-keeps-the-figures.md).
-- The facts used to look the person and department up from those two columns, so anonymising a booking gave
-- every attendance a new "person" and no department: a person who came twice became two people. The booking
-- now carries its person and department ids, set here from the email and department while it holds them and
-- left alone once it is anonymised (anonymised_at set); the facts read the ids.
INSERT OR IGNORE INTO people (email_normalised) SELECT DISTINCT email_normalised FROM bookings;
--> statement-breakpoint
INSERT OR IGNORE INTO department_keys (key, label)
  SELECT lower(trim(department)), trim(department) FROM bookings WHERE department IS NOT NULL AND trim(department) <> '' ORDER BY id;
--> statement-breakpoint
UPDATE bookings SET
  person_id = (SELECT id FROM people WHERE email_normalised = bookings.email_normalised),
  department_id = (SELECT id FROM department_keys WHERE key = lower(trim(bookings.department)));
--> statement-breakpoint
DROP TRIGGER bookings_facts_after_insert;
--> statement-breakpoint
DROP TRIGGER bookings_facts_after_update;
--> statement-breakpoint
DROP VIEW attendance_fact_rows;
--> statement-breakpoint
CREATE VIEW attendance_fact_rows AS
  SELECT b.id AS booking_id,
    b.session_id AS session_id,
    b.person_id AS person_id,
    s.uk_ms / 86400000 AS day,
    CAST(strftime('%Y%m', s.uk_ms / 1000, 'unixepoch') AS INTEGER) AS month,
    CAST(strftime('%Y', s.uk_ms / 1000, 'unixepoch') AS INTEGER) * 10 + (CAST(strftime('%m', s.uk_ms / 1000, 'unixepoch') AS INTEGER) + 2) / 3 AS quarter,
    s.programme_id AS programme_id,
    b.organisation_id AS organisation_id,
    b.sector AS sector,
    b.department_id AS department_id
  FROM bookings b JOIN (
    SELECT id, status, programme_id,
      starts_at + CASE
        WHEN starts_at / 1000 >= unixepoch(date(strftime('%Y', starts_at / 1000, 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) + 3600
         AND starts_at / 1000 < unixepoch(date(strftime('%Y', starts_at / 1000, 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) + 3600
        THEN 3600000 ELSE 0 END AS uk_ms
    FROM sessions
  ) s ON s.id = b.session_id
  WHERE s.status = 'scheduled' AND b.status = 'confirmed' AND b.attendance = 'attended';
--> statement-breakpoint
-- Any change that can change a fact rewrites it. The identity triggers below change person_id and
-- department_id with a nested UPDATE, which fires this one (only a trigger firing itself is prevented).
CREATE TRIGGER bookings_facts_after_update
AFTER UPDATE OF status, attendance, session_id, person_id, organisation_id, sector, department_id ON bookings
BEGIN
  DELETE FROM attendance_facts WHERE booking_id = NEW.id;
  INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
    SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id
    FROM attendance_fact_rows WHERE booking_id = NEW.id;
END;
--> statement-breakpoint
-- A new booking gets its ids; setting them writes its fact through the trigger above.
CREATE TRIGGER bookings_identity_after_insert AFTER INSERT ON bookings
BEGIN
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  UPDATE bookings SET
    person_id = (SELECT id FROM people WHERE email_normalised = NEW.email_normalised),
    department_id = (SELECT id FROM department_keys WHERE key = lower(trim(NEW.department)))
  WHERE id = NEW.id;
END;
--> statement-breakpoint
-- A corrected email or department moves the booking to that person or department, until retention has
-- removed the details: then the ids are all that is left, and they stay.
CREATE TRIGGER bookings_identity_after_update AFTER UPDATE OF email_normalised, department ON bookings
WHEN NEW.anonymised_at IS NULL
BEGIN
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  UPDATE bookings SET
    person_id = (SELECT id FROM people WHERE email_normalised = NEW.email_normalised),
    department_id = (SELECT id FROM department_keys WHERE key = lower(trim(NEW.department)))
  WHERE id = NEW.id;
END;
--> statement-breakpoint
DELETE FROM attendance_facts;
--> statement-breakpoint
INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
  SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id FROM attendance_fact_rows;
