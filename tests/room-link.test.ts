/**
 * The room link (the session's anonymous QR code) can be used by anyone, so its responses count only up to
 * the number who came, a repeat from one device replaces the earlier answers, and organisers can void what is
 * not genuine (docs/decisions/009-report-figures.md).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { submitFeedback } from "~/models/feedback.server";
import { measureTarget } from "~/models/plan-target.server";
import { listQuestions } from "~/models/question.server";
import { aggregateRows, anonymisedResponseRows, getEvaluationReport } from "~/models/report.server";
import { listRoomLinkResponses, sessionResponseCounts, setResponseVoided } from "~/models/response-count.server";
import { createUser } from "~/models/user.server";
import { newRoomDevice } from "~/utils/room-device.server";

import { testNow } from "./support/clock";
import { insertBookingRow, insertEndedSession, insertProgramme, insertSession } from "./support/fixtures";

let userId: number;
let programme: ReturnType<typeof insertProgramme>;
let answers: Record<string, string>;
let usefulnessId: number;

const room = (token: string, device: string | null = null, anotherPerson = false, values = answers) =>
  submitFeedback({ target: { channel: "anonymous_link", sessionToken: token, deviceKey: device, anotherPerson }, values });
const own = (feedbackToken: string) => submitFeedback({ target: { channel: "attendee_link", token: feedbackToken }, values: answers });

beforeAll(async () => {
  userId = (await createUser({ email: "voider@test.example", name: "Voider", role: "organiser", password: "organiser password" })).id;
  programme = insertProgramme(db, { title: "Room link" });
  const qs = listQuestions({ formId: programme.formId });
  const id = (metric: string) => qs.find((q) => q.metric === metric)!.id;
  usefulnessId = id("usefulness");
  answers = {
    [`q${id("usefulness")}`]: "Extremely useful",
    [`q${id("recommend")}`]: "Yes",
    [`q${id("confidence_before")}`]: "2",
    [`q${id("confidence_after")}`]: "4",
  };
});

describe("responses through the room link", () => {
  it("never counts more responses than people who came, and keeps the small-number flag", () => {
    // The review's case: 3 came, all 3 answered through their own links, then 3 more posts through the room link.
    const { session, bookings } = insertEndedSession(db, { programmeId: programme.id, attended: 3 });
    for (const b of bookings) expect(own(b.feedbackToken)).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) expect(room(session.feedbackToken!)).toMatchObject({ ok: true });

    const report = getEvaluationReport({ scope: { programmeId: programme.id, sessionId: session.id } });
    expect(report.headline.responses).toBe(3);
    expect(report.headline.responseRate).toMatchObject({ numerator: 3, denominator: 3, value: 100 });
    expect(report.headline.roomLink).toEqual({ held: 3, counted: 0, over: 3, voided: 0 });
    // Every answer figure rests on the 3 counted responses, so it is still flagged as resting on fewer than 5.
    const usefulness = report.questions.find((q) => q.id === usefulnessId)!;
    expect(usefulness.answered).toBe(3);
    expect(aggregateRows(report).find((r) => r[0] === usefulness.prompt && r[2] === "Extremely useful")).toEqual([
      usefulness.prompt,
      "",
      "Extremely useful",
      3,
      3,
      100,
      "yes",
    ]);
    expect(aggregateRows(report).find((r) => r[2] === "Room-link responses not counted: more than the people who came")![3]).toBe(3);
    // The export holds the responses the figures count, and no others.
    expect(anonymisedResponseRows({ scope: { programmeId: programme.id, sessionId: session.id } })).toHaveLength(1 + 3);
    expect(sessionResponseCounts({ sessionId: session.id })).toEqual({
      counted: 3,
      expected: 3,
      room: { held: 3, counted: 0, over: 3, voided: 0 },
    });
  });

  it("counts room-link responses in the order they came, up to everyone with a place where no register was taken", () => {
    const session = insertSession(db, {
      programmeId: programme.id,
      startsInHours: -30,
      hours: 2,
      feedbackToken: `room-link-session-${Date.now()}`,
    });
    for (let i = 0; i < 4; i++) insertBookingRow(db, { sessionId: session.id });
    const ids = Array.from({ length: 6 }, () => {
      const r = room(session.feedbackToken!);
      if (!r.ok) throw new Error("setup");
      return r.responseId;
    });
    const listed = listRoomLinkResponses({ sessionId: session.id });
    expect(listed.map((r) => [r.id, r.status])).toEqual([
      [ids[5], "over"],
      [ids[4], "over"],
      [ids[3], "counted"],
      [ids[2], "counted"],
      [ids[1], "counted"],
      [ids[0], "counted"],
    ]);
    // Taking the register later (2 of the 4 came) lowers the number counted at once.
    const bookings = db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id)).all();
    for (const [i, b] of bookings.entries())
      db.update(schema.bookings)
        .set({ attendance: i < 2 ? "attended" : "no_show" })
        .where(eq(schema.bookings.id, b.id))
        .run();
    db.update(schema.sessions).set({ attendanceTakenAt: session.endsAt }).where(eq(schema.sessions.id, session.id)).run();
    expect(getEvaluationReport({ scope: { programmeId: programme.id, sessionId: session.id } }).headline).toMatchObject({
      responses: 2,
      responseRate: { numerator: 2, denominator: 2 },
      roomLink: { held: 6, counted: 2, over: 4, voided: 0 },
    });

    // Voiding a counted response lets the next in line count; counting it again puts it back in its place.
    setResponseVoided({
      sessionId: session.id,
      responseId: ids[0]!,
      reason: "Sent by the trainer to test the link",
      userId,
      now: testNow(),
    });
    expect(listRoomLinkResponses({ sessionId: session.id }).map((r) => [r.id, r.status])).toEqual([
      [ids[5], "over"],
      [ids[4], "over"],
      [ids[3], "over"],
      [ids[2], "counted"],
      [ids[1], "counted"],
      [ids[0], "voided"],
    ]);
    expect(sessionResponseCounts({ sessionId: session.id }).room).toEqual({ held: 5, counted: 2, over: 3, voided: 1 });
    const audit = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "response.void")).all();
    expect(audit.at(-1)).toMatchObject({ userId, entityId: ids[0] });
    setResponseVoided({ sessionId: session.id, responseId: ids[0]!, restore: true, userId, now: testNow() });
    expect(listRoomLinkResponses({ sessionId: session.id }).find((r) => r.id === ids[0])!.status).toBe("counted");
    // Only room-link responses can be voided, and only on their own session.
    expect(() => setResponseVoided({ sessionId: session.id + 1, responseId: ids[1]!, reason: "x", userId })).toThrow();
  });

  it("replaces the earlier answers when the same device sends again, unless another person says it is theirs too", () => {
    const { session } = insertEndedSession(db, { programmeId: programme.id, attended: 5 });
    const phone = newRoomDevice().key;
    const first = room(session.feedbackToken!, phone);
    const second = room(session.feedbackToken!, phone, false, { ...answers, [`q${usefulnessId}`]: "Not useful" });
    expect(first).toMatchObject({ ok: true, replaced: false });
    expect(second).toMatchObject({ ok: true, replaced: true });
    if (!first.ok || !second.ok) throw new Error("unreachable");
    expect(second.responseId).toBe(first.responseId);
    const report = () => getEvaluationReport({ scope: { programmeId: programme.id, sessionId: session.id } });
    expect(report().headline.responses).toBe(1);
    expect(
      report()
        .questions.find((q) => q.id === usefulnessId)!
        .distribution.find((d) => d.label === "Not useful")!.count,
    ).toBe(1);

    const colleague = room(session.feedbackToken!, phone, true);
    expect(colleague).toMatchObject({ ok: true, replaced: false });
    expect(report().headline.responses).toBe(2);
    const listed = listRoomLinkResponses({ sessionId: session.id });
    expect(listed.map((r) => r.sameDeviceAsEarlier)).toEqual([true, false]);
    // A voided response is not what a later send from that device replaces.
    setResponseVoided({ sessionId: session.id, responseId: listed[0]!.id, reason: "Looks like a repeat", userId });
    expect(room(session.feedbackToken!, phone)).toMatchObject({ ok: true, replaced: true, responseId: first.responseId });
  });

  it("leaves out a named response from someone marked as not attending, and the plan's percentage targets follow the same rule", () => {
    const { session, bookings } = insertEndedSession(db, { programmeId: programme.id, attended: 2 });
    for (const b of bookings) expect(own(b.feedbackToken)).toMatchObject({ ok: true });
    db.update(schema.bookings).set({ attendance: "no_show" }).where(eq(schema.bookings.id, bookings[1]!.id)).run();
    for (let i = 0; i < 4; i++) room(session.feedbackToken!, null, false, { ...answers, [`q${usefulnessId}`]: "Not useful" });
    const report = getEvaluationReport({ scope: { programmeId: programme.id, sessionId: session.id } });
    expect(report.headline).toMatchObject({ responses: 1, responseRate: { numerator: 1, denominator: 1 } });
    expect(report.questions.find((q) => q.id === usefulnessId)!.distribution[0]).toMatchObject({ label: "Extremely useful", count: 1 });

    const day = session.startsAt.toISOString().slice(0, 10);
    const measured = measureTarget({
      id: 0,
      actionId: 0,
      label: "Useful",
      metric: "pct_extremely_useful",
      targetValue: 85,
      sector: null,
      windowStartsOn: day,
      windowEndsOn: day,
      programmeIds: [programme.id],
      createdAt: testNow(),
    });
    // Every session of this programme on that day, each capped at the people who came: 3 + 1 + 5 counted,
    // none of the room-link "Not useful" posts beyond them.
    const all = getEvaluationReport({ scope: { programmeId: programme.id, from: day, to: day } });
    const useful = all.questions.find((q) => q.id === usefulnessId)!;
    expect(measured).toMatchObject({ n: useful.answered, numerator: useful.distribution[0]!.count });
  });
});
