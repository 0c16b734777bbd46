-- attendance_facts is a narrow, integer copy of every attendance, for fast training figures
-- (docs/decisions/010-reporting-speed.md). The view below is the one definition of a fact; triggers keep the
-- table equal to it in the same transaction as any change to a booking or a session, whichever code makes
-- it, and this migration then fills it for the past.
CREATE VIEW attendance_fact_rows AS
  SELECT b.id AS booking_id,
    b.session_id AS session_id,
    (SELECT id FROM people WHERE email_normalised = b.email_normalised) AS person_id,
    s.starts_at / 86400000 AS day,
    CAST(strftime('%Y%m', s.starts_at / 1000, 'unixepoch') AS INTEGER) AS month,
    CAST(strftime('%Y', s.starts_at / 1000, 'unixepoch') AS INTEGER) * 10 + (CAST(strftime('%m', s.starts_at / 1000, 'unixepoch') AS INTEGER) + 2) / 3 AS quarter,
    s.programme_id AS programme_id,
    b.organisation_id AS organisation_id,
    b.sector AS sector,
    (SELECT id FROM department_keys WHERE key = lower(trim(b.department))) AS department_id
  FROM bookings b JOIN sessions s ON s.id = b.session_id
  WHERE s.status = 'scheduled' AND b.status = 'confirmed' AND b.attendance = 'attended';
--> statement-breakpoint
CREATE TRIGGER bookings_facts_after_insert AFTER INSERT ON bookings
BEGIN
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
    SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id
    FROM attendance_fact_rows WHERE booking_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER bookings_facts_after_update
AFTER UPDATE OF status, attendance, session_id, email_normalised, organisation_id, sector, department ON bookings
BEGIN
  DELETE FROM attendance_facts WHERE booking_id = NEW.id;
  INSERT OR IGNORE INTO people (email_normalised) VALUES (NEW.email_normalised);
  INSERT OR IGNORE INTO department_keys (key, label)
    SELECT lower(trim(NEW.department)), trim(NEW.department) WHERE NEW.department IS NOT NULL AND trim(NEW.department) <> '';
  INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
    SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id
    FROM attendance_fact_rows WHERE booking_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER bookings_facts_after_delete AFTER DELETE ON bookings
BEGIN
  DELETE FROM attendance_facts WHERE booking_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER sessions_facts_after_update AFTER UPDATE OF starts_at, programme_id, status ON sessions
BEGIN
  DELETE FROM attendance_facts WHERE booking_id IN (SELECT id FROM bookings WHERE session_id = NEW.id);
  INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
    SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id
    FROM attendance_fact_rows WHERE session_id = NEW.id;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO people (email_normalised) SELECT DISTINCT email_normalised FROM bookings;
--> statement-breakpoint
INSERT OR IGNORE INTO department_keys (key, label)
  SELECT lower(trim(department)), trim(department) FROM bookings WHERE department IS NOT NULL AND trim(department) <> '' ORDER BY id;
--> statement-breakpoint
INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
  SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id FROM attendance_fact_rows;
