import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema, sqlite } from "~/db.server";
import { addWalkIn, cancelBooking, createBooking, markAttendance, moveBooking, type AttendeeDetails } from "~/models/booking.server";
import { getCoverage, MAX_STAFF_ROWS, saveRequirement, uploadStaffList } from "~/models/compulsory.server";
import { measureTarget } from "~/models/plan-target.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { cancelSession, createSessions, sessionFieldsSchema, updateSession } from "~/models/session.server";
import { trainingBreakdown } from "~/models/training.server";
import { createUser } from "~/models/user.server";
import { ukDateKey, ukDayNumber } from "~/utils/dates";

import { testNow } from "./support/clock";

let userId: number;
let programmeId: number;
const NOW = new Date("2026-06-01T09:00:00Z");
const DAY_OF = new Date("2026-06-10T08:30:00Z");

const fields = (date: string, over: Record<string, string> = {}) =>
  sessionFieldsSchema.parse({
    date,
    startTime: "10:00",
    endTime: "12:00",
    deliveryMode: "in_person",
    venue: "Hall",
    capacity: "10",
    bookingClosesHours: "0",
    ...over,
  });
const person = (email: string, department: string | null = "Housing Estates", organisation = "Safer City Council"): AttendeeDetails => ({
  name: email.split("@")[0]!,
  email,
  organisation,
  sector: "council_department",
  jobRole: "Officer",
  department,
  accessNeeds: null,
});

/** attendance_facts recomputed from scratch, with the UK day worked out here: what the triggers must always equal. */
function expectedFacts() {
  const rows = sqlite()
    .prepare(
      `select b.id as booking_id, p.id as person_id, s.starts_at, s.programme_id, b.organisation_id, b.sector
       from bookings b join sessions s on s.id = b.session_id join people p on p.email_normalised = b.email_normalised
       where s.status = 'scheduled' and b.status = 'confirmed' and b.attendance = 'attended' order by b.id`,
    )
    .all() as Array<{
    booking_id: number;
    person_id: number;
    starts_at: number;
    programme_id: number;
    organisation_id: number | null;
    sector: string;
  }>;
  return rows.map(({ starts_at, ...row }) => ({
    booking_id: row.booking_id,
    person_id: row.person_id,
    day: ukDayNumber(ukDateKey(new Date(starts_at))),
    programme_id: row.programme_id,
    organisation_id: row.organisation_id,
    sector: row.sector,
  }));
}
function actualFacts() {
  return sqlite()
    .prepare("select booking_id, person_id, day, programme_id, organisation_id, sector from attendance_facts order by booking_id")
    .all();
}

beforeAll(async () => {
  userId = (await createUser({ email: "ld@test.example", name: "LD", role: "organiser", password: "organiser password" })).id;
  programmeId = createProgramme({
    data: programmeSchema.parse({
      title: "DAHA",
      summary: "S",
      category: "training",
      defaultCapacity: "10",
      defaultDurationMinutes: "120",
    }),
    userId,
  }).id;
});

describe("attendance facts, kept by triggers", () => {
  it("always equal a recomputation, through every kind of change", () => {
    const [s1, s2] = createSessions({
      programmeId,
      fields: fields("2026-06-10"),
      series: { pattern: "weekly", occurrences: 2 },
      userId,
      now: NOW,
    });
    const a = createBooking({ sessionId: s1!, attendee: person("amy@x.example"), now: NOW });
    const b = createBooking({ sessionId: s1!, attendee: person("ben@x.example", "housing estates "), now: NOW });
    const c = createBooking({ sessionId: s1!, attendee: person("cat@x.example", "Resident Services"), now: NOW });
    if (!a.ok || !b.ok || !c.ok) throw new Error("setup");
    const check = () => expect(actualFacts()).toEqual(expectedFacts());
    markAttendance({ bookingId: a.bookingId, attendance: "attended", userId, now: DAY_OF });
    markAttendance({ bookingId: b.bookingId, attendance: "attended", userId, now: DAY_OF });
    check();
    expect(actualFacts()).toHaveLength(2);
    markAttendance({ bookingId: b.bookingId, attendance: "no_show", userId, now: DAY_OF });
    check();
    addWalkIn({ sessionId: s1!, attendee: person("dan@x.example", null, "Riverside Homes"), userId, role: "organiser", now: DAY_OF });
    check();
    cancelBooking({ bookingId: c.bookingId, by: "organiser", userId, now: DAY_OF });
    check();
    // The session moves: every fact's day moves with it.
    updateSession({ sessionId: s2!, fields: fields("2026-06-18"), userId, now: NOW });
    const e = createBooking({ sessionId: s2!, attendee: person("eve@x.example"), now: NOW });
    if (!e.ok) throw new Error("setup");
    markAttendance({ bookingId: e.bookingId, attendance: "attended", userId, now: new Date("2026-06-18T08:00:00Z") });
    check();
    sqlite().prepare("update sessions set starts_at = starts_at + 86400000, ends_at = ends_at + 86400000 where id = ?").run(s2);
    check();
    // A cancelled session's attendances stop counting; a moved booking's fact follows it.
    const [s3] = createSessions({ programmeId, fields: fields("2026-07-01"), userId, now: NOW });
    moveBooking({ bookingId: a.bookingId, toSessionId: s3!, userId, now: NOW });
    check();
    cancelSession({ sessionId: s3!, reason: "Room flooded", userId, now: NOW });
    check();
    // Just after midnight in summer time: still the previous day in UTC, and the UK day here.
    const [late] = createSessions({
      programmeId,
      fields: fields("2026-07-01", { startTime: "00:30", endTime: "01:30" }),
      userId,
      now: NOW,
    });
    addWalkIn({ sessionId: late!, attendee: person("fay@x.example"), userId, role: "organiser", now: new Date("2026-06-30T23:40:00Z") });
    check();
    // Retention removes the emails the check above joins on; the facts must not move at all.
    const before = actualFacts();
    const departmentsBefore = sqlite().prepare("select booking_id, department_id from attendance_facts order by booking_id").all();
    expect(anonymiseExpiredBookings({ now: new Date("2029-01-01T00:00:00Z") })).toBeGreaterThan(0);
    expect(actualFacts()).toEqual(before);
    expect(sqlite().prepare("select booking_id, department_id from attendance_facts order by booking_id").all()).toEqual(departmentsBefore);
  });
});

describe("the UK date of a session just after midnight in summer time", () => {
  // 00:30 on 1 April 2027 in London is 23:30 on 31 March in UTC: the figures must say April, as the register does.
  let late: number;
  beforeAll(() => {
    late = createProgramme({
      data: programmeSchema.parse({
        title: "Night-time economy",
        summary: "S",
        category: "training",
        defaultCapacity: "10",
        defaultDurationMinutes: "60",
      }),
      userId,
    }).id;
    const [sessionId] = createSessions({
      programmeId: late,
      fields: fields("2027-04-01", { startTime: "00:30", endTime: "01:30" }),
      userId,
      now: NOW,
    });
    expect(db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId!)).get()!.startsAt.toISOString()).toBe(
      "2027-03-31T23:30:00.000Z",
    );
    addWalkIn({
      sessionId: sessionId!,
      attendee: person("door@venue.example", null, "The Late Bar"),
      userId,
      role: "organiser",
      now: new Date("2027-03-31T23:45:00Z"),
    });
  });

  it("counts it in April and the April to June quarter, and in date filters by its UK day", () => {
    const month = trainingBreakdown({ by: "month", from: "2027-03-01", to: "2027-04-30", programme: late });
    expect(month.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([["April 2027", 1, 1]]);
    const quarter = trainingBreakdown({ by: "quarter", from: "2027-01-01", to: "2027-06-30", programme: late });
    expect(quarter.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([["April to June 2027", 1, 1]]);
    expect(trainingBreakdown({ by: "programme", from: "2027-04-01", to: "2027-04-01", programme: late }).totals).toEqual({
      attendances: 1,
      people: 1,
    });
    expect(trainingBreakdown({ by: "programme", from: "2027-03-01", to: "2027-03-31", programme: late }).totals).toEqual({
      attendances: 0,
      people: 0,
    });
  });

  it("counts it towards a target whose window starts that day, and not one that ended the day before", () => {
    const target = (metric: "people_trained" | "sessions_delivered" | "bookings", windowStartsOn: string, windowEndsOn: string) =>
      measureTarget(
        {
          id: 0,
          actionId: 0,
          label: "T",
          metric,
          targetValue: 1,
          sector: null,
          windowStartsOn,
          windowEndsOn,
          createdAt: testNow(),
          programmeIds: [late],
        },
        new Date("2027-05-01T12:00:00Z"),
      ).actual;
    for (const metric of ["people_trained", "sessions_delivered", "bookings"] as const) {
      expect(target(metric, "2027-04-01", "2027-04-30"), metric).toBe(1);
      expect(target(metric, "2027-03-01", "2027-03-31"), metric).toBe(0);
    }
  });
});

describe("training figures", () => {
  let other: number;
  beforeAll(() => {
    other = createProgramme({
      data: programmeSchema.parse({
        title: "MARAC",
        summary: "S",
        category: "training",
        defaultCapacity: "10",
        defaultDurationMinutes: "120",
      }),
      userId,
    }).id;
    // Gil comes to two sessions of two programmes; Hal and Ida once each, in differently typed departments.
    const [m1, m2] = createSessions({
      programmeId: other,
      fields: fields("2026-08-05"),
      series: { pattern: "monthly", occurrences: 2 },
      userId,
      now: NOW,
    });
    for (const [sessionId, email, dept] of [
      [m1, "gil@y.example", "Licensing"],
      [m2, "gil@y.example", "Licensing"],
      [m1, "hal@y.example", "Community Safety"],
      [m2, "ida@y.example", "community safety "],
    ] as const) {
      const r = createBooking({ sessionId: sessionId!, attendee: person(email, dept), now: NOW });
      if (!r.ok) throw new Error("setup");
      markAttendance({
        bookingId: r.bookingId,
        attendance: "attended",
        userId,
        now: new Date(sessionId === m1 ? "2026-08-05T08:00:00Z" : "2026-09-05T08:00:00Z"),
      });
    }
  });

  it("counts people once and attendances every time, by programme", () => {
    const r = trainingBreakdown({ by: "programme", from: "2026-08-01", to: "2026-09-30", programme: undefined });
    expect(r.totals).toEqual({ attendances: 4, people: 3 });
    expect(r.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([["MARAC", 3, 4]]);
  });

  it("groups departments however they were typed, and months and quarters by the session's date", () => {
    const departments = trainingBreakdown({ by: "department", from: "2026-08-01", to: "2026-09-30", programme: other });
    expect(departments.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([
      ["Community Safety", 2, 2],
      ["Licensing", 1, 2],
    ]);
    const months = trainingBreakdown({ by: "month", from: "2026-08-01", to: "2026-09-30", programme: other });
    expect(months.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([
      ["August 2026", 2, 2],
      ["September 2026", 2, 2],
    ]);
    const quarters = trainingBreakdown({ by: "quarter", from: "2026-08-01", to: "2026-09-30", programme: other });
    expect(quarters.rows.map((x) => [x.label, x.people, x.attendances])).toEqual([["July to September 2026", 3, 4]]);
    expect(trainingBreakdown({ by: "month", from: "2026-09-01", to: "2026-09-30", programme: other }).totals).toEqual({
      attendances: 2,
      people: 2,
    });
  });
});

describe("compulsory training", () => {
  it("takes HR's list, reports rows it cannot use, and marks people no longer listed as left", () => {
    const report = uploadStaffList({
      text: "Name,Email,Department,Role\nGil Green,GIL@y.example,Licensing,Officer\nHal Hill,hal@y.example,Community Safety,Officer\nNew Starter,new@y.example,Licensing,Officer\n,nobody@y.example,Licensing,\nBad Email,not-an-email,Licensing,\nGil Again,gil@y.example,Licensing,Officer\nNo Dept,nodept@y.example,,\n",
      userId,
    });
    expect(report).toMatchObject({ added: 3, updated: 0, left: 0, missingColumns: [] });
    expect(report.skipped.map((s) => s.line)).toEqual([5, 6, 7, 8]);
    const again = uploadStaffList({
      text: "name,email,department\nGil Green,gil@y.example,Licensing\nHal Hill,hal@y.example,Community Safety (East)\n",
      userId,
    });
    expect(again).toMatchObject({ added: 0, updated: 1, unchanged: 1, left: 1 });
    expect(uploadStaffList({ text: "who,where\nx,y\n", userId }).missingColumns).toEqual(["name", "email", "department"]);
  });

  it("shows who is trained, due a refresher, overdue or not trained, by department", () => {
    uploadStaffList({
      text: "name,email,department\nGil Green,gil@y.example,Licensing\nHal Hill,hal@y.example,Community Safety\nNew Starter,new@y.example,Licensing\n",
      userId,
    });
    const id = saveRequirement({
      input: {
        title: "MARAC for all",
        department: "",
        refresherMonths: 12,
        programmeIds: [db.select().from(schema.programmes).where(eq(schema.programmes.title, "MARAC")).get()!.id],
      },
      userId,
    });
    // Gil last came in September 2026, Hal in August 2026.
    const at = (date: string) => getCoverage({ requirementId: id, now: new Date(date) });
    expect(at("2026-10-01T12:00:00Z").totals).toEqual({ staff: 3, trained: 2, dueSoon: 0, overdue: 0, notTrained: 1, booked: 0 });
    const later = at("2027-06-15T12:00:00Z");
    expect(later.people.map((p) => [p.email, p.status, p.lastTrained, p.dueOn])).toEqual([
      ["hal@y.example", "due_soon", "2026-08-05", "2027-08-05"],
      ["gil@y.example", "due_soon", "2026-09-05", "2027-09-05"],
      ["new@y.example", "not_trained", null, null],
    ]);
    expect(at("2027-08-20T12:00:00Z").people.find((p) => p.email === "hal@y.example")!.status).toBe("overdue");
    expect(later.departments.map((d) => [d.department, d.staff, d.dueSoon, d.notTrained])).toEqual([
      ["Community Safety", 1, 1, 0],
      ["Licensing", 2, 1, 1],
    ]);
  });
});

describe("a staff list at its size limit", () => {
  const list = (rows: number) =>
    ["name,email,department", ...Array.from({ length: rows }, (_, i) => `Person ${i},person${i}@big.example,Department ${i % 40}`)].join(
      "\n",
    );

  it("refuses a list longer than the limit and changes nothing; takes and replaces one of the largest size", () => {
    const before = sqlite().prepare("select count(*) from staff_members where left_at is null").pluck().get();
    const tooLong = uploadStaffList({ text: list(MAX_STAFF_ROWS + 1), userId });
    expect(tooLong.refused).toContain(`more than ${MAX_STAFF_ROWS.toLocaleString("en-GB")} rows`);
    expect(sqlite().prepare("select count(*) from staff_members where left_at is null").pluck().get()).toBe(before);

    expect(uploadStaffList({ text: list(MAX_STAFF_ROWS), userId })).toMatchObject({ added: MAX_STAFF_ROWS, refused: null });
    const active = Number(sqlite().prepare("select count(*) from staff_members where left_at is null").pluck().get());
    // Replacing it marks everyone not on the new list as having left: one query per chunk, at any size.
    expect(uploadStaffList({ text: list(10), userId })).toMatchObject({ unchanged: 10, left: active - 10 });
  }, 60_000);
});
