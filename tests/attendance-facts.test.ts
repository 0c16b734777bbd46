/**
 * The attendance facts behind every training figure are kept by SQLite triggers (docs/decisions/010). Two
 * checks of the claims that decision makes:
 * - a property test: random changes to bookings and sessions, made directly in SQL as any code might make
 *   them, after each of which the facts must equal a recomputation done here in TypeScript;
 * - the summer-time rule the view writes in SQL agrees with `Intl` at every quarter hour from 2018 to 2031.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { sqlite } from "~/db.server";
import { ukDateKey, ukDayNumber, ukOffsetMinutes } from "~/utils/dates";
import { seededRandom } from "~/utils/seeded-random";

import { SECTORS } from "../domain/vocabulary";

type Fact = {
  booking_id: number;
  person_id: number;
  day: number;
  month: number;
  quarter: number;
  programme_id: number;
  organisation_id: number | null;
  sector: string;
  department_id: number | null;
};

/** Who an anonymised booking was for, noted here just before retention removed the email and department. */
const keptIdentity = new Map<number, { person_id: number; department_id: number | null }>();

/** The person and department a booking's details point to now. */
function identityOf(bookingId: number) {
  return sqlite()
    .prepare(
      `select (select id from people where email_normalised = b.email_normalised) as person_id,
         (select id from department_keys where key = lower(trim(b.department))) as department_id
       from bookings b where b.id = ?`,
    )
    .get(bookingId) as { person_id: number; department_id: number | null } | undefined;
}

/** The facts as they must be: worked out from bookings and sessions, with the UK date from `Intl`. */
function recomputed(): Fact[] {
  const rows = sqlite()
    .prepare(
      `select b.id as booking_id, b.anonymised_at, s.starts_at, s.programme_id, b.organisation_id, b.sector
       from bookings b join sessions s on s.id = b.session_id
       where s.status = 'scheduled' and b.status = 'confirmed' and b.attendance = 'attended' order by b.id`,
    )
    .all() as Array<
    Omit<Fact, "day" | "month" | "quarter" | "person_id" | "department_id"> & { starts_at: number; anonymised_at: number | null }
  >;
  return rows.map(({ starts_at, anonymised_at, ...row }) => {
    const key = ukDateKey(new Date(starts_at));
    const [year, month] = key.split("-").map(Number) as [number, number];
    const identity = anonymised_at === null ? identityOf(row.booking_id)! : keptIdentity.get(row.booking_id)!;
    return {
      booking_id: row.booking_id,
      ...identity,
      day: ukDayNumber(key),
      month: year * 100 + month,
      quarter: year * 10 + Math.ceil(month / 3),
      programme_id: row.programme_id,
      organisation_id: row.organisation_id,
      sector: row.sector,
    };
  });
}

function facts(): Fact[] {
  return sqlite()
    .prepare(
      "select booking_id, person_id, day, month, quarter, programme_id, organisation_id, sector, department_id from attendance_facts order by booking_id",
    )
    .all() as Fact[];
}

describe("attendance facts under random changes", () => {
  const programmes: number[] = [];
  const organisations: number[] = [];
  beforeAll(() => {
    const db = sqlite();
    for (const title of ["DAHA", "MARAC and DASH"]) {
      programmes.push(
        Number(
          db
            .prepare(
              "insert into programmes (slug, title, summary, category, default_capacity, default_duration_minutes) values (?, ?, 'S', 'training', 20, 60) returning id",
            )
            .pluck()
            .get(title.toLowerCase().replace(/\W+/g, "-"), title),
        ),
      );
    }
    for (const [name, sector] of [
      ["Safer City Council", "council_department"],
      ["Riverside Homes", "housing_provider"],
    ] as const) {
      organisations.push(
        Number(
          db
            .prepare("insert into organisations (name, normalised_name, sector) values (?, ?, ?) returning id")
            .pluck()
            .get(name, name.toLowerCase(), sector),
        ),
      );
    }
  });

  // Instants that test the UK date: around midnight, both clock changes, and a year's end.
  const STARTS = [
    "2026-03-29T00:30:00Z",
    "2026-03-29T01:00:00Z",
    "2026-06-30T23:30:00Z",
    "2026-07-01T00:15:00Z",
    "2026-09-30T23:00:00Z",
    "2026-10-25T00:59:00Z",
    "2026-10-25T01:00:00Z",
    "2026-12-31T23:45:00Z",
    "2027-01-01T00:00:00Z",
    "2027-03-31T22:59:00Z",
  ].map((s) => new Date(s).getTime());
  const EMAILS = ["amy@x.example", "ben@x.example", "cat@x.example", "dan@y.example", "eve@y.example"];
  const DEPARTMENTS = ["Housing Estates", "housing estates ", "HOUSING ESTATES", "Resident Services", " resident services", null, ""];

  for (const seed of [1, 2, 3, 4]) {
    it(`equal a recomputation after every one of 120 random changes (seed ${seed})`, () => {
      const rng = seededRandom(seed);
      const db = sqlite();
      const sessionIds: number[] = [];
      const bookingIds: number[] = [];
      const newSession = () => {
        const starts = rng.pick(STARTS);
        const id = Number(
          db
            .prepare(
              "insert into sessions (programme_id, starts_at, ends_at, venue, capacity, booking_closes_at) values (?, ?, ?, 'Hall', 50, ?) returning id",
            )
            .pluck()
            .get(rng.pick(programmes), starts, starts + 3600_000, starts - 86400_000),
        );
        sessionIds.push(id);
      };
      const newBooking = () => {
        const email = rng.pick(EMAILS);
        const status = rng.pick(["confirmed", "confirmed", "cancelled", "waitlisted"] as const);
        const id = Number(
          db
            .prepare(
              `insert into bookings (session_id, name, email, email_normalised, organisation_id, organisation_name, sector, department, job_role,
                 status, confirmed_at, waitlisted_at, attendance, manage_token, feedback_token, calendar_uid)
               values (?, 'Someone', ?, ?, ?, 'Organisation', ?, ?, 'Officer', ?, ?, ?, ?, ?, ?, ?) returning id`,
            )
            .pluck()
            .get(
              rng.pick(sessionIds),
              email,
              email,
              rng.next() < 0.2 ? null : rng.pick(organisations),
              rng.pick(SECTORS),
              rng.pick(DEPARTMENTS),
              status,
              status === "confirmed" ? 1 : null,
              status === "waitlisted" ? 1 : null,
              rng.pick(["attended", "attended", "no_show", "unknown"]),
              `m-${seed}-${bookingIds.length}`,
              `f-${seed}-${bookingIds.length}`,
              `u-${seed}-${bookingIds.length}@test`,
            ),
        );
        bookingIds.push(id);
      };
      for (let i = 0; i < 3; i++) newSession();

      const changes: Array<[string, () => void]> = [
        ["add a session", newSession],
        ["add a booking", newBooking],
        ["add a booking", newBooking],
        [
          "mark attendance",
          () =>
            db
              .prepare("update bookings set attendance = ? where id = ?")
              .run(rng.pick(["attended", "no_show", "unknown"]), rng.pick(bookingIds)),
        ],
        ["cancel a booking", () => db.prepare("update bookings set status = 'cancelled' where id = ?").run(rng.pick(bookingIds))],
        [
          "confirm a booking",
          () => db.prepare("update bookings set status = 'confirmed', confirmed_at = 1 where id = ?").run(rng.pick(bookingIds)),
        ],
        [
          "move a booking",
          () => db.prepare("update bookings set session_id = ? where id = ?").run(rng.pick(sessionIds), rng.pick(bookingIds)),
        ],
        [
          "change an email",
          () => db.prepare("update bookings set email_normalised = ? where id = ?").run(rng.pick(EMAILS), rng.pick(bookingIds)),
        ],
        [
          "anonymise a booking, as retention does",
          () => {
            const id = rng.pick(bookingIds);
            const identity = identityOf(id);
            const changed = db
              .prepare(
                "update bookings set email_normalised = 'removed-' || id, email = '', department = null, anonymised_at = 1 where id = ? and anonymised_at is null",
              )
              .run(id).changes;
            if (changed) keptIdentity.set(id, identity!);
          },
        ],
        [
          "change a department",
          () => db.prepare("update bookings set department = ? where id = ?").run(rng.pick(DEPARTMENTS), rng.pick(bookingIds)),
        ],
        [
          "change an organisation",
          () =>
            db
              .prepare("update bookings set organisation_id = ? where id = ?")
              .run(rng.pick([...organisations, null]), rng.pick(bookingIds)),
        ],
        ["change a sector", () => db.prepare("update bookings set sector = ? where id = ?").run(rng.pick(SECTORS), rng.pick(bookingIds))],
        ["delete a booking", () => db.prepare("delete from bookings where id = ?").run(rng.pick(bookingIds))],
        [
          "move a session",
          () =>
            db
              .prepare("update sessions set starts_at = ?, ends_at = ? + 3600000 where id = ?")
              .run(...((t) => [t, t])(rng.pick(STARTS)), rng.pick(sessionIds)),
        ],
        ["cancel a session", () => db.prepare("update sessions set status = 'cancelled' where id = ?").run(rng.pick(sessionIds))],
        ["restore a session", () => db.prepare("update sessions set status = 'scheduled' where id = ?").run(rng.pick(sessionIds))],
        [
          "change a session's programme",
          () => db.prepare("update sessions set programme_id = ? where id = ?").run(rng.pick(programmes), rng.pick(sessionIds)),
        ],
      ];
      newBooking();
      for (let step = 1; step <= 120; step++) {
        const [label, change] = rng.pick(changes);
        try {
          change();
        } catch (error) {
          // A change the schema refuses (a second active booking for one person) undoes itself, triggers
          // and all: the facts must still be right afterwards.
          if (!(error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT"))) throw error;
        }
        expect(facts(), `seed ${seed}, step ${step}: ${label}`).toEqual(recomputed());
      }
      // The sequence reached attended bookings, or it proved nothing.
      expect(recomputed().length).toBeGreaterThan(0);
    });
  }
});

describe("the UK date in SQL", () => {
  it("agrees with Intl on British Summer Time at every quarter hour from 2018 to 2031", () => {
    // The rule as the migration wrote it, read from the view itself.
    const view = sqlite()
      .prepare("select sql from sqlite_master where type = 'view' and name = 'attendance_fact_rows'")
      .pluck()
      .get() as string;
    const rule = /starts_at \+ (CASE[\s\S]*?END) AS uk_ms/i.exec(view)?.[1];
    expect(rule, "the view's summer-time rule").toBeDefined();
    const QUARTER = 15 * 60_000;
    const from = Date.UTC(2018, 0, 1);
    const to = Date.UTC(2032, 0, 1);
    // Only the quarter hours where SQL's offset changes: between them it is constant.
    const sqlChanges = sqlite()
      .prepare(
        `with recursive q(starts_at) as (select ? union all select starts_at + ? from q where starts_at + ? < ?),
           offsets as (select starts_at, ${rule} / 60000 as offset from q)
         select starts_at as at, offset from (select starts_at, offset, lag(offset) over (order by starts_at) as previous from offsets)
         where previous is null or offset <> previous`,
      )
      .all(from, QUARTER, QUARTER, to) as Array<{ at: number; offset: number }>;

    // The same from Intl: the offset at each midnight, and every quarter hour of a day on which it changes.
    const intlChanges: Array<{ at: number; offset: number }> = [];
    let previous: number | null = null;
    for (let day = from; day < to; day += 86_400_000) {
      const next = Math.min(day + 86_400_000, to);
      const changesToday =
        previous === null ||
        ukOffsetMinutes(new Date(day)) !== previous ||
        ukOffsetMinutes(new Date(next)) !== ukOffsetMinutes(new Date(day));
      if (!changesToday) continue;
      for (let at = day; at < next; at += QUARTER) {
        const offset = ukOffsetMinutes(new Date(at));
        if (offset !== previous) intlChanges.push({ at, offset });
        previous = offset;
      }
    }
    expect(sqlChanges).toEqual(intlChanges);
    // Two changes a year for fourteen years, and the first reading.
    expect(sqlChanges).toHaveLength(1 + 14 * 2);
  });
});
