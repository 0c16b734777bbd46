-- Training figures group attendances by the session's day, month and quarter. Those were taken from the UTC
-- time, so a session starting between midnight and 1am in British Summer Time counted on the previous day,
-- and on the 1st of a month in the previous month. They now come from the UK date, as the partnership reads
-- it. British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
-- October (the rule since 1996; the UTC and UK years agree at both changes). The triggers of 0004 read the
-- view by name, so redefining it is enough; the facts are then rebuilt from it.
DROP VIEW attendance_fact_rows;
--> statement-breakpoint
CREATE VIEW attendance_fact_rows AS
  SELECT b.id AS booking_id,
    b.session_id AS session_id,
    (SELECT id FROM people WHERE email_normalised = b.email_normalised) AS person_id,
    s.uk_ms / 86400000 AS day,
    CAST(strftime('%Y%m', s.uk_ms / 1000, 'unixepoch') AS INTEGER) AS month,
    CAST(strftime('%Y', s.uk_ms / 1000, 'unixepoch') AS INTEGER) * 10 + (CAST(strftime('%m', s.uk_ms / 1000, 'unixepoch') AS INTEGER) + 2) / 3 AS quarter,
    s.programme_id AS programme_id,
    b.organisation_id AS organisation_id,
    b.sector AS sector,
    (SELECT id FROM department_keys WHERE key = lower(trim(b.department))) AS department_id
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
DELETE FROM attendance_facts;
--> statement-breakpoint
INSERT INTO attendance_facts (booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id)
  SELECT booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id FROM attendance_fact_rows;
