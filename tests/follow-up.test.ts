/**
 * The follow-up weeks after a session (issue 14, ADR 026): who is asked and when, on a fixed clock; what the
 * attendee's and the manager's links open; and the four levels computed exactly from a known set of answers,
 * with the same people paired across the day and the follow-up, and small numbers flagged.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { attendeeFromForm, createBooking, publicBookingSchema } from "~/models/booking.server";
import { selfWalkIn } from "~/models/check-in.server";
import { submitFeedback } from "~/models/feedback.server";
import { followUpClosedMessage, followUpOpensAt, getFollowUp, submitFollowUp } from "~/models/follow-up.server";
import { getLevelsReport, levelFigureRows } from "~/models/levels-report.server";
import { queueFollowUpChasers, queueFollowUpRequests } from "~/models/outbox-schedule.server";
import { measureTarget } from "~/models/plan-target.server";
import { programmeSchema } from "~/models/programme.server";
import { listQuestions } from "~/models/question.server";
import { getEvaluationReport } from "~/models/report.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { parseForm } from "~/utils/forms";
import { translateErrors, translator } from "~/utils/i18n";

import { testNow } from "./support/clock";
import { attendeeForm, insertBookingRow, insertProgramme, insertSession } from "./support/fixtures";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

type Programme = ReturnType<typeof insertProgramme>;

function endedSession(programme: Programme, endedDaysAgo: number, now = testNow()) {
  const endsAt = new Date(Math.floor((now.getTime() - endedDaysAgo * DAY) / 60_000) * 60_000);
  const session = insertSession(db, {
    programmeId: programme.id,
    startsInHours: 0,
    startsAt: new Date(endsAt.getTime() - 3 * 3600_000),
    endsAt,
  });
  db.update(schema.sessions).set({ attendanceTakenAt: endsAt }).where(eq(schema.sessions.id, session.id)).run();
  return session;
}

function person(sessionId: number, name: string, overrides: Partial<typeof schema.bookings.$inferInsert> = {}) {
  return insertBookingRow(db, { sessionId, name, attendance: "attended", ...overrides });
}

function withManager(bookingId: number, n: number) {
  db.update(schema.bookings)
    .set({ managerEmail: `manager${n}@council.example`, managerToken: `manager-token-${bookingId}-${n}-0123456789` })
    .where(eq(schema.bookings.id, bookingId))
    .run();
  return db.select().from(schema.bookings).where(eq(schema.bookings.id, bookingId)).get()!;
}

function outboxFor(bookingIds: number[]) {
  return db
    .select({
      bookingId: schema.emailOutbox.bookingId,
      kind: schema.emailOutbox.kind,
      to: schema.emailOutbox.toAddress,
      text: schema.emailOutbox.textBody,
    })
    .from(schema.emailOutbox)
    .where(
      and(
        inArray(schema.emailOutbox.bookingId, bookingIds),
        inArray(schema.emailOutbox.kind, ["follow_up_request", "follow_up_chaser", "manager_request", "manager_chaser"]),
      ),
    )
    .all();
}

/** The answers to a standard follow-up form, as its page posts them. */
function followUpAnswers(
  formId: number,
  { applied, confidence, example }: { applied: "Yes" | "No"; confidence: number; example?: string },
) {
  const qs = listQuestions({ formId });
  const q = (metric: string) => `q${qs.find((x) => x.metric === metric)!.id}`;
  return {
    [q("applied")]: applied,
    [q("applied_frequency")]: applied === "Yes" ? "Sometimes (a few times)" : "Not yet",
    [q("confidence_follow_up")]: String(confidence),
    ...(example ? { [q("quote")]: example, [`${q("quote")}-permission`]: "anonymous" } : {}),
  };
}

function evaluationAnswers(formId: number, before: number, after: number) {
  const qs = listQuestions({ formId });
  const q = (metric: string) => `q${qs.find((x) => x.metric === metric)!.id}`;
  return {
    [q("usefulness")]: "Extremely useful",
    [q("recommend")]: "Yes",
    [q("confidence_before")]: String(before),
    [q("confidence_after")]: String(after),
  };
}

function managerAnswers(formId: number, seen: string) {
  const qs = listQuestions({ formId });
  return { [`q${qs.find((x) => x.metric === "manager_change")!.id}`]: seen };
}

describe("who is asked, and when", () => {
  let programme: Programme;
  let session: ReturnType<typeof endedSession>;
  let came: ReturnType<typeof withManager>;
  let cameNoManager: ReturnType<typeof person>;
  let noShow: ReturnType<typeof person>;
  let cancelled: ReturnType<typeof person>;
  let anonymised: ReturnType<typeof person>;
  let opens: Date;

  beforeAll(() => {
    programme = insertProgramme(db, { title: "Follow-up timing" });
    session = endedSession(programme, 1);
    came = withManager(person(session.id, "Came With Manager").id, 1);
    cameNoManager = person(session.id, "Came Alone");
    noShow = withManager(person(session.id, "Did Not Come", { attendance: "no_show" }).id, 2);
    cancelled = person(session.id, "Cancelled", { status: "cancelled", cancelledAt: testNow() });
    anonymised = person(session.id, "Removed", { anonymisedAt: testNow() });
    opens = followUpOpensAt(session, programme);
  });

  const ours = () => [came.id, cameNoManager.id, noShow.id, cancelled.id, anonymised.id];

  it("is set per programme, 1 to 52 weeks, with a message beside the field otherwise", () => {
    const parse = (followUpWeeks: string) =>
      programmeSchema.safeParse({
        title: "T",
        summary: "S",
        category: "training",
        defaultCapacity: "10",
        defaultDurationMinutes: "60",
        followUpWeeks,
      });
    expect(parse("6")).toMatchObject({ success: true, data: { followUpWeeks: 6, askLineManager: false } });
    for (const bad of ["0", "53", "eight", "2.5"]) {
      const result = parse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["followUpWeeks"]);
    }
  });

  it("opens the programme's number of weeks after the session ends (8 unless set)", () => {
    expect(programme.followUpWeeks).toBe(8);
    expect(opens.getTime() - session.endsAt.getTime()).toBe(8 * WEEK);
  });

  it("sends nothing before then, and at that moment asks everyone who came, and the line managers they named, once", () => {
    queueFollowUpRequests({ now: new Date(opens.getTime() - 60_000) });
    expect(outboxFor(ours())).toEqual([]);

    queueFollowUpRequests({ now: opens });
    const sent = outboxFor(ours());
    // Who was asked, and when: the response rates' denominators.
    const asked = db.select().from(schema.bookings).where(inArray(schema.bookings.id, ours())).all();
    expect(
      asked
        .filter((b) => b.followUpAskedAt)
        .map((b) => b.id)
        .sort(),
    ).toEqual([came.id, cameNoManager.id].sort());
    expect(asked.filter((b) => b.managerAskedAt).map((b) => b.id)).toEqual([came.id]);
    expect(sent.map((m) => [m.bookingId, m.kind, m.to]).sort()).toEqual(
      [
        [came.id, "follow_up_request", came.email],
        [came.id, "manager_request", "manager1@council.example"],
        [cameNoManager.id, "follow_up_request", cameNoManager.email],
      ].sort(),
    );
    const toManager = sent.find((m) => m.kind === "manager_request")!;
    // The manager's email opens the manager's form and nothing of the booking.
    expect(toManager.text).toContain(`/follow-up/manager/${came.managerToken}`);
    expect(toManager.text).not.toContain(came.manageToken);
    expect(toManager.text).not.toContain(came.feedbackToken);
    expect(sent.find((m) => m.bookingId === came.id && m.kind === "follow_up_request")!.text).toContain(`/follow-up/${came.feedbackToken}`);

    queueFollowUpRequests({ now: new Date(opens.getTime() + 3600_000) });
    expect(outboxFor(ours())).toHaveLength(3);
  });

  it("chases once, the programme's chaser days after the request, only those who have not answered", () => {
    const requestedAt = opens;
    const chaseAt = new Date(requestedAt.getTime() + programme.feedbackChaserDays * DAY);
    expect(
      submitFollowUp({
        token: cameNoManager.feedbackToken,
        role: "attendee",
        values: followUpAnswers(programme.followUpFormId, { applied: "Yes", confidence: 4 }),
        now: new Date(opens.getTime() + DAY),
      }),
    ).toMatchObject({ ok: true });
    queueFollowUpChasers({ now: new Date(chaseAt.getTime() - 60_000) });
    expect(outboxFor(ours()).filter((m) => m.kind.endsWith("chaser"))).toEqual([]);
    queueFollowUpChasers({ now: chaseAt });
    queueFollowUpChasers({ now: new Date(chaseAt.getTime() + DAY) });
    expect(
      outboxFor(ours())
        .filter((m) => m.kind.endsWith("chaser"))
        .map((m) => [m.bookingId, m.kind])
        .sort(),
    ).toEqual(
      [
        [came.id, "follow_up_chaser"],
        [came.id, "manager_chaser"],
      ].sort(),
    );
  });

  it("sends nothing once it has closed, for a cancelled session, or when the form is closed", () => {
    const late = programme && insertProgramme(db, { title: "Follow-up closed" });
    const s = endedSession(late, 1);
    const a = person(s.id, "Late");
    const o = followUpOpensAt(s, late);
    const closesAt = new Date(o.getTime() + late.feedbackOpenDays * DAY);
    queueFollowUpRequests({ now: closesAt });
    expect(outboxFor([a.id])).toEqual([]);
    db.update(schema.forms).set({ status: "closed" }).where(eq(schema.forms.id, late.followUpFormId)).run();
    queueFollowUpRequests({ now: o });
    expect(outboxFor([a.id])).toEqual([]);
    db.update(schema.forms).set({ status: "open" }).where(eq(schema.forms.id, late.followUpFormId)).run();
    db.update(schema.sessions).set({ status: "cancelled" }).where(eq(schema.sessions.id, s.id)).run();
    queueFollowUpRequests({ now: o });
    expect(outboxFor([a.id])).toEqual([]);
  });
});

describe("the links", () => {
  let programme: Programme;
  let booking: ReturnType<typeof withManager>;
  let opens: Date;

  beforeAll(() => {
    programme = insertProgramme(db, { title: "Follow-up links" });
    const session = endedSession(programme, 1);
    booking = withManager(person(session.id, "Link Holder").id, 3);
    opens = followUpOpensAt(session, programme);
  });

  it("opens the follow-up only in its window, with a message outside it", () => {
    const before = getFollowUp({ token: booking.feedbackToken, role: "attendee", now: new Date(opens.getTime() - 1) });
    expect(before.closed).toBe("not_open_yet");
    expect(getFollowUp({ token: booking.feedbackToken, role: "attendee", now: opens }).closed).toBeNull();
    const closes = new Date(opens.getTime() + programme.feedbackOpenDays * DAY);
    expect(getFollowUp({ token: booking.feedbackToken, role: "attendee", now: closes }).closed).toBe("closed");
    const refused = submitFollowUp({
      token: booking.feedbackToken,
      role: "attendee",
      values: followUpAnswers(programme.followUpFormId, { applied: "Yes", confidence: 4 }),
      now: new Date(opens.getTime() - 60_000),
    });
    expect(refused).toEqual({ ok: false, closed: "not_open_yet" });
  });

  it("keeps one answer per person and form: a second follow-up replaces the first, and the day's evaluation stays apart", () => {
    const now = new Date(opens.getTime() + DAY);
    const evaluation = submitFeedback({
      target: { channel: "attendee_link", token: booking.feedbackToken },
      values: evaluationAnswers(programme.formId, 2, 4),
      now: new Date(booking.createdAt.getTime() + 1000),
    });
    expect(evaluation).toMatchObject({ ok: true });
    const first = submitFollowUp({
      token: booking.feedbackToken,
      role: "attendee",
      values: followUpAnswers(programme.followUpFormId, { applied: "No", confidence: 3 }),
      now,
    });
    const second = submitFollowUp({
      token: booking.feedbackToken,
      role: "attendee",
      values: followUpAnswers(programme.followUpFormId, { applied: "Yes", confidence: 4 }),
      now,
    });
    expect(first).toMatchObject({ ok: true, replaced: false });
    expect(second).toMatchObject({ ok: true, replaced: true });
    const responses = db.select().from(schema.responses).where(eq(schema.responses.bookingId, booking.id)).all();
    expect(responses.map((r) => r.formId).sort()).toEqual([programme.formId, programme.followUpFormId].sort());
    const page = getFollowUp({ token: booking.feedbackToken, role: "attendee", now });
    expect(Object.values(page.previous ?? {})).toContain("Yes");
  });

  it("gives the manager their own form through their own secret, and nothing of the attendee's answers", () => {
    const now = new Date(opens.getTime() + DAY);
    const manager = getFollowUp({ token: booking.managerToken!, role: "manager", now });
    expect(manager.form.kind).toBe("manager");
    expect(manager.previous).toBeNull();
    // The attendee's secret does not open the manager's form, nor the manager's the attendee's.
    expect(() => getFollowUp({ token: booking.feedbackToken, role: "manager", now })).toThrow();
    expect(() => getFollowUp({ token: booking.managerToken!, role: "attendee", now })).toThrow();
    expect(
      submitFollowUp({
        token: booking.managerToken!,
        role: "manager",
        values: managerAnswers(programme.managerFormId, "Yes, some change"),
        now,
      }),
    ).toMatchObject({ ok: true });
    expect(db.select().from(schema.bookings).where(eq(schema.bookings.id, booking.id)).get()!.managerGivenAt).toEqual(now);
  });

  it("tells a manager only that their form is closed, never why (the attendee's booking or attendance)", () => {
    for (const reason of ["not_attended", "booking_cancelled", "cancelled", "closed", "form_closed"] as const) {
      expect(translator("en")(followUpClosedMessage("manager", reason))).toBe("This follow-up is closed. Thank you for your interest.");
      expect(followUpClosedMessage("attendee", reason)).not.toBe(followUpClosedMessage("manager", reason));
    }
  });

  it("explains the missing answer beside the question", () => {
    const result = submitFollowUp({ token: booking.feedbackToken, role: "attendee", values: {}, now: new Date(opens.getTime() + DAY) });
    expect(result.ok).toBe(false);
    expect(Object.values((result as { errors: Record<string, string> }).errors).join(" ")).toMatch(/Question 1/);
  });
});

function formData(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.append(k, v);
  return data;
}

describe("the line manager on the booking form", () => {
  const form = (overrides: Record<string, string>) =>
    (() => {
      const read = attendeeFromForm(
        parseForm(formData(attendeeForm("m", { sector: "council_department", ...overrides })), publicBookingSchema),
      );
      return read.ok ? read : { ...read, errors: translateErrors(read.errors, translator("en")) };
    })();

  it("is for council staff, must be someone else's address, and is optional", () => {
    expect(form({ managerEmail: "" })).toMatchObject({ ok: true, attendee: { managerEmail: null } });
    expect(form({ managerEmail: "boss@council.example" })).toMatchObject({ ok: true, attendee: { managerEmail: "boss@council.example" } });
    expect(form({ managerEmail: "not an email" })).toMatchObject({
      ok: false,
      errors: { managerEmail: expect.stringMatching(/correct format/) },
    });
    expect(form({ managerEmail: "PERSONm@test.example" })).toMatchObject({
      ok: false,
      errors: { managerEmail: expect.stringMatching(/not your own/) },
    });
    expect(form({ managerEmail: "boss@hotel.example", sector: "hotel" })).toMatchObject({
      ok: false,
      errors: { managerEmail: expect.stringMatching(/council/) },
    });
  });

  it("is kept, with a secret for the manager, only where the programme asks for it", () => {
    const asks = insertProgramme(db, { title: "Asks for managers", askLineManager: true });
    const doesNot = insertProgramme(db, { title: "Does not ask" });
    const stored = [asks, doesNot].map((p, i) => {
      const session = insertSession(db, { programmeId: p.id });
      const read = form({ managerEmail: "boss@council.example", email: `staff${i}@council.example` });
      if (!read.ok) throw new Error("form refused");
      const result = createBooking({ sessionId: session.id, attendee: read.attendee, now: testNow() });
      if (!result.ok) throw new Error("booking refused");
      return db.select().from(schema.bookings).where(eq(schema.bookings.id, result.bookingId)).get()!;
    });
    expect(stored[0]).toMatchObject({ managerEmail: "boss@council.example", managerToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/) });
    expect(stored[1]).toMatchObject({ managerEmail: null, managerToken: null });
  });

  it("is never kept from a walk-in's post at check-in, even where the programme asks", () => {
    const asks = insertProgramme(db, { title: "Asks, walk-in", askLineManager: true });
    const session = insertSession(db, { programmeId: asks.id, startsInHours: 0.1 });
    const read = form({ managerEmail: "boss@council.example", email: "walker@council.example" });
    if (!read.ok) throw new Error("form refused");
    expect(selfWalkIn({ sessionId: session.id, attendee: read.attendee, now: testNow() })).toMatchObject({ outcome: "walked_in" });
    const row = db.select().from(schema.bookings).where(eq(schema.bookings.emailNormalised, "walker@council.example")).get()!;
    expect(row).toMatchObject({ managerEmail: null, managerToken: null });
  });
});

describe("the four levels, from a known set of answers", () => {
  let programme: Programme;
  let now: Date;
  let scope: { programmeId: number };

  beforeAll(() => {
    now = testNow();
    programme = insertProgramme(db, { title: "Levels under test" });
    scope = { programmeId: programme.id };
    const due = endedSession(programme, 70, now);
    const notDue = endedSession(programme, 10, now);
    const dueOpens = followUpOpensAt(due, programme);
    const people = Object.fromEntries(["A", "B", "C", "D", "E", "F", "G", "H"].map((n) => [n, person(due.id, n)]));
    const later = [person(notDue.id, "Later 1"), withManager(person(notDue.id, "Later 2").id, 9)];
    expect(later).toHaveLength(2);
    const onTheDay = new Date(due.endsAt.getTime() + 3600_000);
    for (const [name, before, after] of [
      ["A", 2, 4],
      ["B", 1, 4],
      ["C", 3, 5],
      ["D", 2, 3],
      ["F", 3, 4],
    ] as const)
      expect(
        submitFeedback({
          target: { channel: "attendee_link", token: people[name]!.feedbackToken },
          values: evaluationAnswers(programme.formId, before, after),
          now: onTheDay,
        }),
      ).toMatchObject({ ok: true });
    // The managers named when booking; then the sweep asks everyone who came, and those managers.
    const managers = ["A", "B", "C"].map((name, i) => withManager(people[name]!.id, i + 10));
    queueFollowUpRequests({ now: dueOpens });
    const answering = new Date(dueOpens.getTime() + DAY);
    for (const [name, applied, confidence] of [
      ["A", "Yes", 4],
      ["B", "Yes", 3],
      ["C", "No", 5],
      ["E", "Yes", 4],
      ["G", "Yes", 5],
    ] as const)
      expect(
        submitFollowUp({
          token: people[name]!.feedbackToken,
          role: "attendee",
          values: followUpAnswers(programme.followUpFormId, {
            applied,
            confidence,
            example: name === "A" ? "I asked the question." : undefined,
          }),
          now: answering,
        }),
      ).toMatchObject({ ok: true });
    // G answered, then the register was corrected: did not come. Their answers no longer count.
    db.update(schema.bookings).set({ attendance: "no_show" }).where(eq(schema.bookings.id, people.G!.id)).run();
    for (const [m, seen] of [
      [managers[0]!, "Yes, a clear change"],
      [managers[1]!, "I have not had the chance to see"],
    ] as const)
      expect(
        submitFollowUp({ token: m.managerToken!, role: "manager", values: managerAnswers(programme.managerFormId, seen), now: answering }),
      ).toMatchObject({ ok: true });
  });

  const levels = () => getLevelsReport({ scope, evaluation: getEvaluationReport({ scope, now }), now });

  it("learning: confidence before, after and at the follow-up, and the same people paired", () => {
    const l = levels();
    expect(l.learning.before).toEqual({ mean: 2.2, n: 5 });
    expect(l.learning.after).toEqual({ mean: 4, n: 5 });
    // A, B, C and E (G's no longer counts).
    expect(l.learning.followUp).toEqual({ mean: 4, n: 4 });
    // Only A, B and C answered on the day and at the follow-up: 2.0 → 4.3 (13/3) → 4.0.
    expect(l.learning.paired).toEqual({ n: 3, before: 2, after: 4.3, followUp: 4 });
  });

  it("behaviour: the share applying the learning, and what managers saw, each with its n and small numbers flagged", () => {
    const l = levels();
    expect(l.applying).toEqual({ numerator: 3, denominator: 4, value: 75, lowN: true });
    expect(l.managerChange).toEqual({ numerator: 1, denominator: 2, value: 50, lowN: true });
    expect(l.managerCouldNotSay).toBe(1);
    // The figures CSV says the same, with its n and the small-number flag.
    const rows = levelFigureRows(l);
    expect(rows).toContainEqual(["Four levels", "", "Behaviour: applying what they learned at 8 weeks", 3, 4, 75, "yes"]);
    expect(rows).toContainEqual(["Four levels", "", "Learning, the same people: confidence after", 4.3, 3, "", "yes"]);
    expect(l.followUpQuestions.flatMap((q) => q.quotes)).toEqual([{ text: "I asked the question.", attribution: "Anonymous" }]);
  });

  it("response rates out of those due to be asked: the later session's follow-up is not yet due", () => {
    const l = levels();
    expect(l.attended).toBe(9);
    // Seven came to the first session once G's attendance was corrected.
    expect(l.followUpAsked).toBe(7);
    expect(l.followUp!.rate).toEqual({ numerator: 4, denominator: 7, value: 57, lowN: false });
    expect(l.manager!.rate).toEqual({ numerator: 2, denominator: 3, value: 67, lowN: true });
    expect(l.sessionsNotYetDue).toBe(1);
  });

  it("keeps the response rates when the programme's weeks change after people were asked", () => {
    const was = levels();
    db.update(schema.programmes).set({ followUpWeeks: 12 }).where(eq(schema.programmes.id, programme.id)).run();
    try {
      const now12 = levels();
      expect(now12.followUp!.rate).toEqual(was.followUp!.rate);
      expect(now12.manager!.rate).toEqual(was.manager!.rate);
    } finally {
      db.update(schema.programmes).set({ followUpWeeks: 8 }).where(eq(schema.programmes.id, programme.id)).run();
    }
  });

  it("counts managers who saw a change by the answers' places, so rewording them changes nothing", () => {
    const change = listQuestions({ formId: programme.managerFormId }).find((q) => q.metric === "manager_change")!;
    const reworded = ["Yes, clearly", "Yes, a little", "Not yet", "Could not say"];
    const old = change.config.options!;
    db.transaction((tx) => {
      tx.update(schema.questions)
        .set({ config: { ...change.config, options: reworded } })
        .where(eq(schema.questions.id, change.id))
        .run();
      for (const [from, to] of old.map((o, i) => [o, reworded[i]!] as const))
        tx.update(schema.answers)
          .set({ choice: to })
          .where(and(eq(schema.answers.questionId, change.id), eq(schema.answers.choice, from)))
          .run();
    });
    try {
      expect(levels().managerChange).toMatchObject({ numerator: 1, denominator: 2 });
      expect(levels().managerCouldNotSay).toBe(1);
    } finally {
      db.transaction((tx) => {
        tx.update(schema.questions).set({ config: change.config }).where(eq(schema.questions.id, change.id)).run();
        for (const [from, to] of reworded.map((o, i) => [o, old[i]!] as const))
          tx.update(schema.answers)
            .set({ choice: to })
            .where(and(eq(schema.answers.questionId, change.id), eq(schema.answers.choice, from)))
            .run();
      });
    }
  });

  it("does not pair anonymous forms, and says so", () => {
    db.update(schema.forms).set({ anonymous: true }).where(eq(schema.forms.id, programme.followUpFormId)).run();
    try {
      expect(levels().learning.paired).toBeNull();
    } finally {
      db.update(schema.forms).set({ anonymous: false }).where(eq(schema.forms.id, programme.followUpFormId)).run();
    }
  });

  it("an action-plan target can measure the share applying the learning", () => {
    const target = {
      id: 0,
      actionId: 0,
      label: "60% applying the learning at 8 weeks",
      metric: "pct_applying" as const,
      targetValue: 60,
      sector: null,
      windowStartsOn: "2000-01-01",
      windowEndsOn: null,
      createdAt: now,
      programmeIds: [programme.id],
    };
    expect(measureTarget(target, now)).toEqual({ actual: 75, n: 4, numerator: 3 });
  });

  it("keeps every figure when retention removes the people's details", () => {
    const beforeRetention = levels();
    const ids = db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
      .where(eq(schema.sessions.programmeId, programme.id))
      .all()
      .map((b) => b.id);
    expect(outboxFor(ids).map((m) => m.to)).toContain("manager10@council.example");
    const removed = anonymiseExpiredBookings({ now: new Date(now.getTime() + 20 * 365 * DAY) });
    expect(removed).toBeGreaterThan(0);
    // The emails went with the details: no manager's address is left behind.
    expect(outboxFor(ids)).toEqual([]);
    const after = getLevelsReport({ scope, evaluation: getEvaluationReport({ scope, now }), now });
    const { followUpQuestions: _a, managerQuestions: _b, ...figuresBefore } = beforeRetention;
    const { followUpQuestions: _c, managerQuestions: _d, ...figuresAfter } = after;
    expect(figuresAfter).toEqual(figuresBefore);
  });
});
