import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { runSweep } from "~/jobs.server";
import { cancelBooking, createBooking, markAttendance, type AttendeeDetails } from "~/models/booking.server";
import { submitFeedback } from "~/models/feedback.server";
import { getEvaluationFormId } from "~/models/form.server";
import { createMailTransport, deliverDueEmails, RETRY_DELAYS_MINUTES } from "~/models/outbox-delivery.server";
import { queueFeedbackChasers, queueFeedbackRequests } from "~/models/outbox-schedule.server";
import { createProgramme, programmeSchema, titleWords } from "~/models/programme.server";
import { listQuestions } from "~/models/question.server";
import { cancelSession, createSessions, sessionFieldsSchema, updateSession } from "~/models/session.server";
import { createUser } from "~/models/user.server";
import { ukDateKey, ukTimeKey } from "~/utils/dates";

import { parseCalendar } from "./support/ical";
import { ROOT } from "./support/paths";
import { calendarPart, startSmtp, type TestSmtp } from "./support/smtp";

/**
 * Every model call here is given this instant: the invite tests need dates on either side of a known clock
 * change (October 2027), so nothing may depend on the hour or day the suite runs.
 */
const NOW = new Date("2027-06-01T09:00:00Z");
const hours = (n: number) => new Date(NOW.getTime() + n * 3600_000);

let userId: number;
let smtp: TestSmtp;
let transport: ReturnType<typeof createMailTransport>;

const person = (name = "Alex Example", email = `${randomUUID().slice(0, 8)}@test.example`): AttendeeDetails => ({
  name,
  email,
  organisation: "Hotel Aurora",
  sector: "hotel",
  jobRole: "Night manager",
  department: null,
  accessNeeds: null,
});

function programme(overrides: Record<string, string> = {}) {
  return createProgramme({
    data: programmeSchema.parse({
      title: `Hotel awareness ${randomUUID().slice(0, 4)}`,
      summary: "S",
      category: "workshop",
      defaultCapacity: "20",
      defaultDurationMinutes: "120",
      ...overrides,
    }),
    userId,
  }).id;
}

const fields = (overrides: Record<string, string> = {}) =>
  sessionFieldsSchema.parse({
    date: "2027-10-29",
    startTime: "10:00",
    endTime: "12:00",
    deliveryMode: "in_person",
    venue: "Committee Room 1",
    capacity: "10",
    bookingClosesHours: "24",
    ...overrides,
  });

function session(programmeId: number, overrides: Record<string, string> = {}, now = NOW) {
  return createSessions({ programmeId, fields: fields(overrides), userId, now })[0]!;
}

/** Sends what is queued, as the sweep does, through a real SMTP connection. */
async function flush(now = NOW) {
  return deliverDueEmails({ transport, now });
}

beforeAll(async () => {
  userId = (await createUser({ email: "mail@test.example", name: "Mail", role: "organiser", password: "organiser password" })).id;
  smtp = await startSmtp();
  transport = createMailTransport(smtp.url);
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
});

beforeEach(async () => {
  // Each test starts with nothing due and an empty mailbox. (Outbox rows stay: their unique keys are what
  // stops a message being written twice.)
  await flush(hours(365 * 24));
  db.update(schema.emailOutbox).set({ status: "sent" }).where(eq(schema.emailOutbox.status, "failed")).run();
  smtp.received.length = 0;
});

const outboxFor = (sessionId: number) => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.sessionId, sessionId)).all();

describe("the invite lifecycle", () => {
  it("book, move across the clock change, cancel: one UID, rising SEQUENCE, REQUEST, REQUEST, CANCEL, right UTC times", async () => {
    const sessionId = session(programme());
    const booking = createBooking({ sessionId, attendee: person("Alex Example", "alex@test.example"), now: NOW });
    if (!booking.ok) throw new Error("setup");
    // From Friday 29 October 2027, 10am BST, to Tuesday 2 November 2027, 10am GMT.
    updateSession({ sessionId, fields: fields({ date: "2027-11-02", venue: "Committee Room 2" }), userId, now: NOW });
    cancelBooking({ bookingId: booking.bookingId, by: "attendee", now: NOW });
    await flush();
    const mails = await smtp.waitFor(3);
    expect(mails.map((m) => m.envelopeTo)).toEqual([["alex@test.example"], ["alex@test.example"], ["alex@test.example"]]);
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Booking confirmed: /),
      expect.stringMatching(/^Changed: /),
      expect.stringMatching(/^Booking cancelled: /),
    ]);
    const parts = mails.map((m) => calendarPart(m.parsed)!);
    expect(parts.map((p) => p.method)).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    const events = parts.map((p) => {
      const calendar = parseCalendar(p.ics);
      expect(calendar.events).toHaveLength(1);
      return { method: calendar.method, ...calendar.events[0]! };
    });
    expect(events.map((e) => e.method)).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(1);
    expect(events[1]!.sequence).toBeGreaterThan(events[0]!.sequence);
    expect(events[2]!.sequence).toBeGreaterThan(events[1]!.sequence);
    expect(events.map((e) => [e.start.toISOString(), e.startIsUtc])).toEqual([
      ["2027-10-29T09:00:00.000Z", true],
      ["2027-11-02T10:00:00.000Z", true],
      ["2027-11-02T10:00:00.000Z", true],
    ]);
    expect(events[2]!.status).toBe("CANCELLED");
    expect(events[0]!.attendees).toEqual(["mailto:alex@test.example"]);
    // Each email has both parts, says why it was sent, and carries the manage link.
    for (const m of mails) {
      expect(m.parsed.text).toContain("/booking/");
      expect(m.parsed.html).toContain("/booking/");
      expect(m.parsed.text).toContain("You are getting this email because");
      expect(m.parsed.html).toMatch(/<h1[^>]*>/);
    }
    // The change email says what changed.
    expect(mails[1]!.parsed.text).toMatch(/Venue: Committee Room 2 \(was Committee Room 1\)/);
    expect(mails[1]!.parsed.text).toMatch(/Starts: 2 November 2027 at 10am \(was 29 October 2027 at 10am\)/);
  });

  it("tells everyone when a session is cancelled: a CANCEL to people with places, a plain email to people waiting", async () => {
    const sessionId = session(programme(), { capacity: "1" });
    createBooking({ sessionId, attendee: person("Has Place", "place@test.example"), now: NOW });
    createBooking({ sessionId, attendee: person("Is Waiting", "waiting@test.example"), now: NOW });
    cancelSession({ sessionId, reason: "The trainer is unwell.", userId, now: NOW });
    await flush();
    const mails = await smtp.waitFor(4);
    const cancelled = mails.filter((m) => m.parsed.subject?.startsWith("Cancelled: "));
    expect(cancelled.map((m) => [m.envelopeTo[0], calendarPart(m.parsed)?.method ?? null]).sort()).toEqual([
      ["place@test.example", "CANCEL"],
      ["waiting@test.example", null],
    ]);
    for (const m of cancelled) expect(m.parsed.text).toContain("The trainer is unwell.");
  });

  it("sends the person promoted from the waiting list an invite", async () => {
    const sessionId = session(programme(), { capacity: "1" });
    const first = createBooking({ sessionId, attendee: person("First", "first@test.example"), now: NOW });
    createBooking({ sessionId, attendee: person("Second", "second@test.example"), now: NOW });
    if (!first.ok) throw new Error("setup");
    cancelBooking({ bookingId: first.bookingId, by: "attendee", now: NOW });
    await flush();
    const mails = await smtp.waitFor(4);
    const promoted = mails.find((m) => m.parsed.subject?.startsWith("You now have a place"))!;
    expect(promoted.envelopeTo).toEqual(["second@test.example"]);
    expect(calendarPart(promoted.parsed)!.method).toBe("REQUEST");
    const waitlisted = mails.find((m) => m.parsed.subject?.startsWith("You are on the waiting list"))!;
    expect(waitlisted.parsed.text).toContain("You are number 1 on the waiting list");
    expect(calendarPart(waitlisted.parsed)).toBeNull();
  });
});

describe("delivery", () => {
  it("retries when the server refuses, with growing gaps, and delivers exactly once", async () => {
    const sessionId = session(programme());
    createBooking({ sessionId, attendee: person(), now: NOW });
    smtp.refuseNext(2);
    const t0 = NOW;
    expect(await flush(t0)).toMatchObject({ sent: 0, retrying: 1 });
    // Not due again until the first gap has passed.
    expect(await flush(new Date(t0.getTime() + 30_000))).toMatchObject({ sent: 0, retrying: 0 });
    expect(await flush(new Date(t0.getTime() + RETRY_DELAYS_MINUTES[0]! * 60_000))).toMatchObject({ retrying: 1 });
    const later = new Date(t0.getTime() + (RETRY_DELAYS_MINUTES[0]! + RETRY_DELAYS_MINUTES[1]!) * 60_000 + 1000);
    expect(await flush(later)).toMatchObject({ sent: 1 });
    expect(await flush(new Date(later.getTime() + 3600_000))).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(outboxFor(sessionId)).toMatchObject([{ status: "sent", attempts: 3, lastError: null }]);
  });

  it("marks a message failed after the last attempt, for an administrator to send again", async () => {
    const sessionId = session(programme());
    createBooking({ sessionId, attendee: person(), now: NOW });
    smtp.refuseNext(100);
    let at = NOW;
    for (let i = 0; i < 6; i++) {
      await flush(at);
      at = new Date(at.getTime() + 5 * 3600_000);
    }
    smtp.refuseNext(0);
    expect(outboxFor(sessionId)).toMatchObject([{ status: "failed", attempts: 6 }]);
    expect(await flush(new Date(at.getTime() + 24 * 3600_000))).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it("loses nothing when the mail server stops in the middle of a batch", async () => {
    const programmeId = programme();
    const sessions = Array.from({ length: 4 }, () => session(programmeId));
    sessions.forEach((sessionId, i) => createBooking({ sessionId, attendee: person(`P${i}`, `p${i}@test.example`), now: NOW }));
    smtp.dieAfter(1);
    const first = await flush();
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(first.sent).toBeLessThan(4);
    // The server comes back on the same port; the rest go out on a later sweep.
    const port = smtp.port;
    const received = [...smtp.received];
    smtp = await startSmtp(port);
    smtp.received.push(...received);
    transport.close();
    transport = createMailTransport(smtp.url);
    await flush(hours(1 / 6));
    await smtp.waitFor(4);
    expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
      "p0@test.example",
      "p1@test.example",
      "p2@test.example",
      "p3@test.example",
    ]);
    expect(sessions.flatMap(outboxFor).map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("keeps messages in the outbox, readable, when no mail server is configured", async () => {
    const sessionId = session(programme());
    createBooking({ sessionId, attendee: person(), now: NOW });
    expect(await deliverDueEmails({ transport: null, now: NOW })).toMatchObject({ held: 1 });
    expect(outboxFor(sessionId)).toMatchObject([{ status: "held" }]);
  });
});

describe("reminders and feedback requests, on schedule", () => {
  const weekAgo = hours(-7 * 24);

  /** A session starting 36 hours from NOW, booked a week before (so its 48-hour reminder is due at NOW). */
  function soonSession(programmeId: number, capacity = "10") {
    const start = hours(36);
    const times = { date: ukDateKey(start), startTime: ukTimeKey(start), endTime: ukTimeKey(new Date(start.getTime() + 30 * 60_000)) };
    return createSessions({ programmeId, fields: fields({ ...times, capacity }), userId, now: weekAgo })[0]!;
  }

  it("two sweeps at once send each reminder once, and none for a cancelled booking or session", async () => {
    const programmeId = programme();
    const sessionId = soonSession(programmeId);
    const bookings = ["r1", "r2", "r3", "r4"].map((n) =>
      createBooking({ sessionId, attendee: person(n, `${n}@test.example`), now: weekAgo }),
    );
    const dropped = bookings[3]!;
    if (!dropped.ok) throw new Error("setup");
    cancelBooking({ bookingId: dropped.bookingId, by: "attendee", now: weekAgo });
    const cancelledSession = soonSession(programmeId);
    createBooking({ sessionId: cancelledSession, attendee: person("gone", "gone@test.example"), now: weekAgo });
    cancelSession({ sessionId: cancelledSession, reason: "Room unavailable", userId, now: weekAgo });
    await flush(weekAgo);
    smtp.received.length = 0;

    await Promise.all([runSweep({ transport, now: NOW }), runSweep({ transport, now: NOW })]);
    const reminders = smtp.received.filter((m) => m.parsed.subject?.startsWith("Reminder: "));
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual(["r1@test.example", "r2@test.example", "r3@test.example"]);
    // And again later: nothing new.
    await runSweep({ transport, now: hours(1) });
    expect(smtp.received.filter((m) => m.parsed.subject?.startsWith("Reminder: "))).toHaveLength(3);
  });

  it("two separate processes sweeping at once send each reminder once", async () => {
    const sessionId = soonSession(programme());
    for (const n of ["x1", "x2", "x3", "x4", "x5"]) createBooking({ sessionId, attendee: person(n, `${n}@test.example`), now: weekAgo });
    await flush(weekAgo);
    smtp.received.length = 0;
    const sweep = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/jobs.ts"], {
          cwd: ROOT,
          // The scripts read the clock: freeze theirs at NOW too.
          env: { ...process.env, SMTP_URL: smtp.url, NODE_ENV: "test", TEST_NOW: NOW.toISOString() },
          stdio: "ignore",
        });
        child.on("exit", resolve);
      });
    expect(await Promise.all([sweep(), sweep()])).toEqual([0, 0]);
    const reminders = smtp.received.filter((m) => m.parsed.subject?.startsWith("Reminder: ") && m.envelopeTo[0]!.startsWith("x"));
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([
      "x1@test.example",
      "x2@test.example",
      "x3@test.example",
      "x4@test.example",
      "x5@test.example",
    ]);
  });

  it("asks for feedback after the session from those who came (or everyone, with no register), chases once, and stops when feedback closes", async () => {
    const programmeId = programme();
    const t = (hours: number) => new Date(Date.UTC(2030, 0, 1, 9) + hours * 3600_000);
    const ended = createSessions({
      programmeId,
      fields: fields({ date: "2030-01-10", startTime: "10:00", endTime: "12:00" }),
      userId,
      now: t(0),
    })[0]!;
    const came = createBooking({ sessionId: ended, attendee: person("Came", "came@test.example"), now: t(1) });
    const noShow = createBooking({ sessionId: ended, attendee: person("Missed", "missed@test.example"), now: t(1) });
    const answered = createBooking({ sessionId: ended, attendee: person("Answered", "answered@test.example"), now: t(1) });
    if (!came.ok || !noShow.ok || !answered.ok) throw new Error("setup");
    const endsAt = new Date("2030-01-10T12:00:00Z");
    const onTheDay = new Date("2030-01-10T10:30:00Z");
    markAttendance({ bookingId: came.bookingId, attendance: "attended", userId, now: onTheDay });
    markAttendance({ bookingId: noShow.bookingId, attendance: "no_show", userId, now: onTheDay });
    markAttendance({ bookingId: answered.bookingId, attendance: "attended", userId, now: onTheDay });

    // Not before an hour has passed (time to finish the register).
    expect(queueFeedbackRequests({ now: new Date(endsAt.getTime() + 30 * 60_000) })).toBe(0);
    const requestTime = new Date(endsAt.getTime() + 2 * 3600_000);
    expect(queueFeedbackRequests({ now: requestTime })).toBe(2);
    const formId = getEvaluationFormId({ programmeId })!;
    const qs = listQuestions({ formId });
    const token = db
      .select({ t: schema.bookings.feedbackToken })
      .from(schema.bookings)
      .where(eq(schema.bookings.id, answered.bookingId))
      .get()!.t;
    const answers = Object.fromEntries(
      qs.filter((q) => q.required).map((q) => [`q${q.id}`, q.type === "scale" ? "3" : q.config.options![0]!]),
    );
    expect(
      submitFeedback({ target: { channel: "attendee_link", token }, values: answers, now: new Date(requestTime.getTime() + 3600_000) }),
    ).toMatchObject({ ok: true });
    // The chaser, after 7 days, to the one who came and has not answered; only once.
    expect(queueFeedbackChasers({ now: new Date(requestTime.getTime() + 6 * 24 * 3600_000) })).toBe(0);
    expect(queueFeedbackChasers({ now: new Date(requestTime.getTime() + 7 * 24 * 3600_000 + 60_000) })).toBe(1);
    expect(queueFeedbackChasers({ now: new Date(requestTime.getTime() + 8 * 24 * 3600_000) })).toBe(0);
    const rows = db
      .select({ kind: schema.emailOutbox.kind, to: schema.emailOutbox.toAddress })
      .from(schema.emailOutbox)
      .where(and(eq(schema.emailOutbox.sessionId, ended)))
      .all();
    expect(
      rows
        .filter((r) => r.kind === "feedback_request")
        .map((r) => r.to)
        .sort(),
    ).toEqual(["answered@test.example", "came@test.example"]);
    expect(rows.filter((r) => r.kind === "feedback_chaser").map((r) => r.to)).toEqual(["came@test.example"]);
    await flush(new Date(requestTime.getTime() + 8 * 24 * 3600_000));
    const request = smtp.received.find((m) => m.envelopeTo[0] === "came@test.example" && m.parsed.subject?.startsWith("How was"))!;
    expect(request.parsed.text).toMatch(/\/feedback\/[A-Za-z0-9_-]+/);

    // Once feedback has closed, no more requests for another session.
    const late = createSessions({ programmeId, fields: fields({ date: "2030-01-17" }), userId, now: t(0) })[0]!;
    createBooking({ sessionId: late, attendee: person("Late", "late@test.example"), now: t(1) });
    expect(queueFeedbackRequests({ now: new Date("2030-03-01T12:00:00Z") })).toBe(0);
  });
});

describe("what the emails say", () => {
  it("never shows a sensitive programme's real title in the subject, body or invite", async () => {
    const title = "Domestic abuse and stalking in the workplace";
    const sessionId = session(programme({ title, sensitive: "yes", publicTitle: "Partnership business briefing" }));
    const booking = createBooking({ sessionId, attendee: person("Sam", "sam@test.example"), now: NOW });
    if (!booking.ok) throw new Error("setup");
    updateSession({ sessionId, fields: fields({ venue: "Elsewhere" }), userId, now: NOW });
    cancelBooking({ bookingId: booking.bookingId, by: "attendee", now: NOW });
    await flush();
    const mails = await smtp.waitFor(3);
    for (const m of mails) {
      const everything = `${m.parsed.subject} ${m.parsed.text} ${m.parsed.html} ${calendarPart(m.parsed)?.ics ?? ""}`.toLowerCase();
      for (const word of titleWords(title)) expect(everything, `${m.parsed.subject} mentions “${word}”`).not.toContain(word);
      expect(m.parsed.subject).toContain("Partnership business briefing");
    }
  });

  it("escapes names and free text in the HTML part", async () => {
    const sessionId = session(programme());
    createBooking({ sessionId, attendee: person(`<script>alert("x")</script> O'Brien & Co`, "escape@test.example"), now: NOW });
    const other = session(programme(), { capacity: "1" });
    createBooking({ sessionId: other, attendee: person("Someone", "someone@test.example"), now: NOW });
    cancelSession({ sessionId: other, reason: `<img src=x onerror=alert(1)> Room "flooded"`, userId, now: NOW });
    await flush();
    const mails = await smtp.waitFor(3);
    const confirmed = mails.find((m) => m.envelopeTo[0] === "escape@test.example")!;
    expect(confirmed.parsed.html).not.toContain("<script>");
    expect(confirmed.parsed.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Co");
    expect(confirmed.parsed.text).toContain(`<script>alert("x")</script> O'Brien & Co`);
    const cancelled = mails.find((m) => m.parsed.subject?.startsWith("Cancelled"))!;
    expect(cancelled.parsed.html).not.toContain("<img");
    expect(cancelled.parsed.html).toContain("&lt;img src=x onerror=alert(1)&gt; Room &quot;flooded&quot;");
  });
});
