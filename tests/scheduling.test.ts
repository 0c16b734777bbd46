import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import {
  addWalkIn,
  BookingRuleError,
  cancelBooking,
  createBooking,
  inviteSequence,
  listBookingsForSession,
  markAttendance,
  markUnmarkedAsNoShow,
  moveBooking,
  type AttendeeDetails,
} from "~/models/booking.server";
import { createProgramme, listProgrammes, programmeSchema } from "~/models/programme.server";
import {
  cancelSession,
  createSessions,
  getSessionRow,
  listUpcomingSessions,
  seriesLabel,
  seriesLabels,
  SessionRuleError,
  sessionFieldsSchema,
  updateSession,
} from "~/models/session.server";
import { createUser } from "~/models/user.server";
import { csvCell, toCsv } from "~/utils/csv";
import { formatTime, ukDateKey } from "~/utils/dates";

let userId: number;
let programmeId: number;
const NOW = new Date("2026-10-01T12:00:00Z");

const typedFields = (overrides: Record<string, string> = {}) => ({
  date: "2026-10-20",
  startTime: "10:00",
  endTime: "12:00",
  deliveryMode: "in_person",
  venue: "Committee Room 1",
  onlineUrl: "",
  capacity: "2",
  bookingClosesHours: "24",
  facilitatorId: "",
  notesForAttendees: "",
  ...overrides,
});
const fields = (overrides: Record<string, string> = {}) => sessionFieldsSchema.parse(typedFields(overrides));

const person = (n: string): AttendeeDetails => ({
  name: `Person ${n}`,
  email: `p${n}@example.org`,
  organisation: "Hotel Aurora",
  sector: "hotel",
  jobRole: "Night manager",
  department: null,
  accessNeeds: null,
});

function newSession(overrides: Record<string, string> = {}, now = NOW) {
  return createSessions({ programmeId, fields: fields(overrides), userId, now })[0]!;
}

beforeAll(async () => {
  userId = (await createUser({ email: "org@test.example", name: "Org", role: "organiser", password: "organiser password" })).id;
  programmeId = createProgramme({
    data: programmeSchema.parse({
      title: "Hotel awareness",
      summary: "S",
      category: "workshop",
      defaultCapacity: "20",
      defaultDurationMinutes: "120",
    }),
    userId,
  }).id;
});

describe("programmes", () => {
  it("start with the standard evaluation form", () => {
    const form = db.select().from(schema.forms).where(eq(schema.forms.programmeId, programmeId)).get()!;
    const questions = db.select().from(schema.questions).where(eq(schema.questions.formId, form.id)).all();
    expect(questions.map((q) => q.metric).filter(Boolean)).toEqual([
      "usefulness",
      "recommend",
      "confidence_before",
      "confidence_after",
      "quote",
    ]);
  });

  it("need a neutral public title, sharing no words with the title, when sensitive", () => {
    const base = {
      title: "Domestic abuse in the workplace",
      summary: "S",
      category: "training",
      defaultCapacity: "20",
      defaultDurationMinutes: "60",
      sensitive: "yes",
    };
    expect(programmeSchema.safeParse({ ...base, publicTitle: "" }).error?.issues[0]?.message).toMatch(/neutral public title/);
    expect(programmeSchema.safeParse({ ...base, publicTitle: "Workplace briefing" }).error?.issues[0]?.message).toMatch(/“workplace”/);
    expect(programmeSchema.safeParse({ ...base, publicTitle: "Partnership business briefing" }).success).toBe(true);
  });
});

describe("the programme list", () => {
  it("counts each programme's own sessions", () => {
    const other = createProgramme({
      data: programmeSchema.parse({
        title: "Counting check",
        summary: "S",
        category: "training",
        defaultCapacity: "5",
        defaultDurationMinutes: "60",
      }),
      userId,
    }).id;
    createSessions({
      programmeId: other,
      fields: fields({ date: "2026-12-01" }),
      series: { pattern: "weekly", occurrences: 3 },
      userId,
      now: NOW,
    });
    const row = listProgrammes({ now: NOW }).find((p) => p.id === other)!;
    expect(row).toMatchObject({ upcomingSessions: 3, pastSessions: 0 });
    expect(ukDateKey(row.nextSession!)).toBe("2026-12-01");
  });
});

describe("series", () => {
  it("keep 10:00 UK time on both sides of the October clock change", () => {
    const ids = createSessions({
      programmeId,
      fields: fields({ date: "2026-10-13" }),
      series: { pattern: "weekly", occurrences: 4 },
      userId,
      now: NOW,
    });
    const sessions = ids.map((id) => getSessionRow({ sessionId: id }));
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      "2026-10-13T09:00:00.000Z",
      "2026-10-20T09:00:00.000Z",
      "2026-10-27T10:00:00.000Z",
      "2026-11-03T10:00:00.000Z",
    ]);
    expect(sessions.every((s) => formatTime(s.startsAt) === "10am" && formatTime(s.endsAt) === "midday")).toBe(true);
    expect(new Set(sessions.map((s) => s.seriesId)).size).toBe(1);
    expect(ids.map((id) => seriesLabel({ sessionId: id }))).toEqual([
      "Session 1 of 4",
      "Session 2 of 4",
      "Session 3 of 4",
      "Session 4 of 4",
    ]);
  });

  it("are labelled for a whole list in one query, by each session's place in its own series", () => {
    const first = createSessions({
      programmeId,
      fields: fields({ date: "2027-03-02" }),
      series: { pattern: "weekly", occurrences: 3 },
      userId,
      now: NOW,
    });
    const second = createSessions({
      programmeId,
      fields: fields({ date: "2027-03-03" }),
      series: { pattern: "weekly", occurrences: 2 },
      userId,
      now: NOW,
    });
    const [single] = createSessions({ programmeId, fields: fields({ date: "2027-03-04" }), userId, now: NOW });
    // One session of a series moved before the others takes first place.
    db.update(schema.sessions)
      .set({ startsAt: new Date("2027-03-01T09:00:00Z"), endsAt: new Date("2027-03-01T11:00:00Z") })
      .where(eq(schema.sessions.id, first[2]!))
      .run();
    // Asked for a mixed list (part of a series, a one-off), each is labelled within its whole series.
    const labels = seriesLabels({ sessionIds: [second[1]!, first[0]!, single!, first[2]!] });
    expect(Object.fromEntries(labels)).toEqual({
      [first[2]!]: "Session 1 of 3",
      [first[0]!]: "Session 2 of 3",
      [second[1]!]: "Session 2 of 2",
    });
    expect(seriesLabel({ sessionId: first[1]! })).toBe("Session 3 of 3");
    expect(seriesLabel({ sessionId: single! })).toBeNull();
    expect(seriesLabels({ sessionIds: [] }).size).toBe(0);
  });

  it("are listed for the public by programme, UK month and number, each filter the same rows as the whole list", () => {
    // The list's query is prepared once per shape of filter: every shape must give what filtering by hand gives.
    const now = new Date("2027-02-27T12:00:00Z");
    // Its own sessions, in March and April.
    createSessions({
      programmeId,
      fields: fields({ date: "2027-03-10" }),
      series: { pattern: "weekly", occurrences: 2 },
      userId,
      now: NOW,
    });
    createSessions({ programmeId, fields: fields({ date: "2027-04-05" }), userId, now: NOW });
    const all = listUpcomingSessions({ now });
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((x) => x.startsAt > now)).toBe(true);
    const march = all.filter((x) => ukDateKey(x.startsAt).startsWith("2027-03"));
    expect(march.length).toBeGreaterThan(0);
    expect(listUpcomingSessions({ now, month: "2027-03" })).toEqual(march);
    expect(listUpcomingSessions({ now, programmeId })).toEqual(all.filter((x) => x.programmeId === programmeId));
    expect(listUpcomingSessions({ now, programmeId, month: "2027-03", limit: 2 })).toEqual(
      march.filter((x) => x.programmeId === programmeId).slice(0, 2),
    );
    expect(listUpcomingSessions({ now, limit: 1 })).toEqual(all.slice(0, 1));
    // A later "now" leaves out what has started by then, with the same prepared query.
    expect(listUpcomingSessions({ now: march[0]!.startsAt })).toEqual(all.filter((x) => x.startsAt > march[0]!.startsAt));
  });

  it("repeat fortnightly and monthly, keeping month ends inside short months", () => {
    const fortnightly = createSessions({
      programmeId,
      fields: fields({ date: "2026-10-06" }),
      series: { pattern: "fortnightly", occurrences: 3 },
      userId,
      now: NOW,
    });
    expect(fortnightly.map((id) => ukDateKey(getSessionRow({ sessionId: id }).startsAt))).toEqual([
      "2026-10-06",
      "2026-10-20",
      "2026-11-03",
    ]);
    const monthly = createSessions({
      programmeId,
      fields: fields({ date: "2027-01-31" }),
      series: { pattern: "monthly", occurrences: 4 },
      userId,
      now: NOW,
    });
    expect(monthly.map((id) => ukDateKey(getSessionRow({ sessionId: id }).startsAt))).toEqual([
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
    ]);
  });

  it("keep every session between 2000 and 2100, the first as typed and the last of a series", () => {
    const typed = sessionFieldsSchema.safeParse(typedFields({ date: "2101-01-01" }));
    expect(typed.success).toBe(false);
    expect(typed.error?.issues.map((i) => i.message)).toEqual(["Enter a date between 2000 and 2100"]);
    expect(sessionFieldsSchema.safeParse(typedFields({ date: "2100-12-31" })).success).toBe(true);
    const before = db.select().from(schema.sessions).all().length;
    expect(() =>
      createSessions({
        programmeId,
        fields: fields({ date: "2100-10-15" }),
        series: { pattern: "monthly", occurrences: 6 },
        userId,
        now: NOW,
      }),
    ).toThrow("Session 4 would fall after 2100");
    // All or none: the sessions before the one out of range were not created either.
    expect(db.select().from(schema.sessions).all()).toHaveLength(before);
  });

  it("refuse a start time the clocks skip, and a start in the past", () => {
    expect(() => newSession({ date: "2027-03-28", startTime: "01:30", endTime: "03:00" })).toThrow(/clocks go forward/);
    expect(() => newSession({ date: "2026-09-01" })).toThrow(SessionRuleError);
  });

  it("check the form's own rules", () => {
    const bad = sessionFieldsSchema.safeParse({
      date: "2026-02-30",
      startTime: "14:00",
      endTime: "13:00",
      deliveryMode: "online",
      onlineUrl: "http://x",
      capacity: "0",
      bookingClosesHours: "a",
    });
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({
      date: "Enter a real date, like 14 3 2027",
      capacity: "Number of places must be 1 or more",
      bookingClosesHours: "Hours before the start must be a whole number, like 24",
    });
  });
});

describe("changing a session", () => {
  it("records a change of time or place and bumps the calendar sequence; other edits do not", () => {
    const id = newSession();
    const moved = updateSession({
      sessionId: id,
      fields: fields({ startTime: "11:00", endTime: "13:00", venue: "Committee Room 2" }),
      userId,
      now: NOW,
    });
    expect(moved.sequence).toBe(1);
    expect(moved.changes.map((c) => c.field).sort()).toEqual(["endsAt", "startsAt", "venue"]);
    const stored = db.select().from(schema.sessionChanges).where(eq(schema.sessionChanges.sessionId, id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.changes.find((c) => c.field === "venue")).toEqual({
      field: "venue",
      before: "Committee Room 1",
      after: "Committee Room 2",
    });
    const notesOnly = updateSession({
      sessionId: id,
      fields: fields({ startTime: "11:00", endTime: "13:00", venue: "Committee Room 2", notesForAttendees: "Bring ID" }),
      userId,
      now: NOW,
    });
    expect(notesOnly.sequence).toBe(1);
    expect(notesOnly.changes).toEqual([]);
  });

  it("promotes from the waiting list, in order, when the capacity goes up, and refuses to go below the places taken", () => {
    const id = newSession({ capacity: "1" });
    const results = ["a", "b", "c", "d"].map((n) => createBooking({ sessionId: id, attendee: person(`cap-${n}`), now: NOW }));
    expect(results.map((r) => r.ok && r.status)).toEqual(["confirmed", "waitlisted", "waitlisted", "waitlisted"]);
    const { promoted } = updateSession({ sessionId: id, fields: fields({ capacity: "3" }), userId, now: NOW });
    expect(promoted).toEqual([results[1]!, results[2]!].map((r) => (r.ok ? r.bookingId : null)));
    expect(() => updateSession({ sessionId: id, fields: fields({ capacity: "2" }), userId, now: NOW })).toThrow(
      /3 places are already booked/,
    );
    expect(listBookingsForSession({ sessionId: id }).waitlisted.map((b) => b.position)).toEqual([1]);
  });

  it("cancels every booking when the session is cancelled, with the reason, and records who did it", () => {
    const id = newSession({ capacity: "1" });
    createBooking({ sessionId: id, attendee: person("sc1"), now: NOW });
    createBooking({ sessionId: id, attendee: person("sc2"), now: NOW });
    expect(cancelSession({ sessionId: id, reason: "Trainer unwell", userId, now: NOW })).toEqual({ bookingsCancelled: 2 });
    const { cancelled } = listBookingsForSession({ sessionId: id });
    expect(cancelled.map((b) => b.cancellationReason)).toEqual(["Session cancelled: Trainer unwell", "Session cancelled: Trainer unwell"]);
    expect(getSessionRow({ sessionId: id })).toMatchObject({ status: "cancelled", sequence: 1 });
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "session"), eq(schema.auditLog.entityId, id), eq(schema.auditLog.action, "session.cancel")))
      .get();
    expect(entry).toMatchObject({ userId, details: { reason: "Trainer unwell", bookingsCancelled: 2 } });
    expect(createBooking({ sessionId: id, attendee: person("sc3"), now: NOW })).toEqual({ ok: false, reason: "cancelled" });
  });
});

describe("bookings", () => {
  it("move to another session of the programme, keeping the calendar UID and raising its sequence; the old place goes to the first waiting", () => {
    const from = newSession({ capacity: "1" });
    const to = newSession({ date: "2026-10-27", capacity: "1" });
    updateSession({ sessionId: to, fields: fields({ date: "2026-10-27", capacity: "1", venue: "Elsewhere" }), userId, now: NOW });
    const mover = createBooking({ sessionId: from, attendee: person("mv1"), now: NOW });
    const waiting = createBooking({ sessionId: from, attendee: person("mv2"), now: NOW });
    if (!mover.ok || !waiting.ok) throw new Error("setup");
    const before = db.select().from(schema.bookings).where(eq(schema.bookings.id, mover.bookingId)).get()!;
    const sequenceBefore = inviteSequence(getSessionRow({ sessionId: from }), before);
    expect(moveBooking({ bookingId: mover.bookingId, toSessionId: to, userId, now: NOW })).toEqual({
      status: "confirmed",
      promoted: [waiting.bookingId],
    });
    const after = db.select().from(schema.bookings).where(eq(schema.bookings.id, mover.bookingId)).get()!;
    expect(after.sessionId).toBe(to);
    expect(after.calendarUid).toBe(before.calendarUid);
    expect(inviteSequence(getSessionRow({ sessionId: to }), after)).toBeGreaterThan(sequenceBefore);
    // Moving again into a full session puts them on its waiting list.
    const third = newSession({ date: "2026-11-03", capacity: "1" });
    createBooking({ sessionId: third, attendee: person("mv3"), now: NOW });
    expect(moveBooking({ bookingId: mover.bookingId, toSessionId: third, userId, now: NOW }).status).toBe("waitlisted");
  });

  it("cannot be cancelled by the attendee once the session has started", () => {
    const id = newSession();
    const booking = createBooking({ sessionId: id, attendee: person("late"), now: NOW });
    if (!booking.ok) throw new Error("setup");
    const during = new Date("2026-10-20T09:30:00Z");
    expect(() => cancelBooking({ bookingId: booking.bookingId, by: "attendee", now: during })).toThrow(BookingRuleError);
    expect(cancelBooking({ bookingId: booking.bookingId, by: "organiser", userId, now: during }).wasStatus).toBe("confirmed");
  });
});

describe("attendance", () => {
  const dayOf = new Date("2026-10-20T08:45:00Z");

  it("opens on the day, records each mark, and marks the rest as no-shows in one go", () => {
    const id = newSession({ capacity: "5" });
    const ids = ["r1", "r2", "r3"].map((n) => {
      const r = createBooking({ sessionId: id, attendee: person(n), now: NOW });
      if (!r.ok) throw new Error("setup");
      return r.bookingId;
    });
    expect(() => markAttendance({ bookingId: ids[0]!, attendance: "attended", userId, now: NOW })).toThrow(/opens on the day/);
    markAttendance({ bookingId: ids[0]!, attendance: "attended", userId, now: dayOf });
    expect(markUnmarkedAsNoShow({ sessionId: id, userId, now: dayOf })).toBe(2);
    expect(
      listBookingsForSession({ sessionId: id })
        .confirmed.map((b) => b.attendance)
        .sort(),
    ).toEqual(["attended", "no_show", "no_show"]);
    expect(getSessionRow({ sessionId: id }).attendanceTakenAt).toEqual(dayOf);
  });

  it("adds a walk-in as attended; into a full session only when an organiser says to raise its places; reuses an existing booking", () => {
    const id = newSession({ capacity: "1" });
    createBooking({ sessionId: id, attendee: person("w1"), now: NOW });
    const waiting = createBooking({ sessionId: id, attendee: person("w2"), now: NOW });
    // Not silently: an organiser who has not said to raise the places is asked to.
    expect(() => addWalkIn({ sessionId: id, attendee: person("w3"), userId, role: "organiser", now: dayOf })).toThrow(
      "confirm that the number of places goes up to 2",
    );
    expect(getSessionRow({ sessionId: id }).capacity).toBe(1);
    expect(addWalkIn({ sessionId: id, attendee: person("w3"), userId, role: "organiser", raiseCapacity: true, now: dayOf })).toMatchObject({
      existing: false,
      capacityRaisedTo: 2,
    });
    // Someone on the waiting list turns up: their booking gets the place, no duplicate is made.
    const again = addWalkIn({ sessionId: id, attendee: person("w2"), userId, role: "organiser", raiseCapacity: true, now: dayOf });
    expect(again).toMatchObject({ existing: true, capacityRaisedTo: 3, bookingId: waiting.ok && waiting.bookingId });
    const { confirmed, waitlisted } = listBookingsForSession({ sessionId: id });
    expect(confirmed).toHaveLength(3);
    expect(waitlisted).toHaveLength(0);
    expect(getSessionRow({ sessionId: id }).capacity).toBe(3);
  });

  it("lets a facilitator add a walk-in only to a free place and from an organisation already on the list", () => {
    const id = newSession({ capacity: "2" });
    createBooking({ sessionId: id, attendee: person("f1"), now: NOW });
    const organisations = () => db.select().from(schema.organisations).all().length;
    const known = organisations();
    const stranger = { ...person("f2"), organisation: "The Nowhere Arms" };
    expect(() => addWalkIn({ sessionId: id, attendee: stranger, userId, role: "facilitator", raiseCapacity: true, now: dayOf })).toThrow(
      "only an organiser can add one",
    );
    expect(organisations()).toBe(known);
    expect(listBookingsForSession({ sessionId: id }).confirmed).toHaveLength(1);
    // "hotel  aurora" is Hotel Aurora, already on the list.
    const walkIn = addWalkIn({
      sessionId: id,
      attendee: { ...person("f3"), organisation: "hotel  aurora" },
      userId,
      role: "facilitator",
      now: dayOf,
    });
    expect(walkIn).toMatchObject({ existing: false, capacityRaisedTo: null });
    // The session is now full: even saying to raise the places does not let a facilitator do it.
    expect(() =>
      addWalkIn({ sessionId: id, attendee: person("f4"), userId, role: "facilitator", raiseCapacity: true, now: dayOf }),
    ).toThrow("only an organiser can add more");
    expect(getSessionRow({ sessionId: id }).capacity).toBe(2);
    expect(listBookingsForSession({ sessionId: id }).confirmed).toHaveLength(2);
  });
});

describe("CSV exports", () => {
  it("neutralise cells that a spreadsheet would run as formulas, and open in Excel as UTF-8", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+44 20 7946 0000")).toBe("'+44 20 7946 0000");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("Zoë, O'Brien")).toBe(`"Zoë, O'Brien"`);
    expect(
      toCsv([
        ["a", 1],
        ["b", null],
      ]),
    ).toBe("\uFEFFa,1\r\nb,\r\n");
  });
});
