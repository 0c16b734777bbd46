import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { getAttendeeFeedback, getConsultation, submitFeedback } from "~/models/feedback.server";
import {
  createConsultation,
  formSettingsSchema,
  FormRuleError,
  getEvaluationFormId,
  getFormForAdmin,
  updateFormSettings,
} from "~/models/form.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { addQuestion, deleteQuestion, listQuestions, moveQuestion, questionInputSchema, updateQuestion } from "~/models/question.server";
import { createUser } from "~/models/user.server";
import { fieldErrors } from "~/utils/forms";

import { testNow } from "./support/clock";

let userId: number;

function programme(title = `Programme ${randomUUID().slice(0, 6)}`) {
  return createProgramme({
    data: programmeSchema.parse({ title, summary: "S", category: "training", defaultCapacity: "20", defaultDurationMinutes: "60" }),
    userId,
  }).id;
}

/** A session that ended an hour ago, with bookings (feedback is open). */
function pastSession(programmeId: number, { endedHoursAgo = 1 } = {}) {
  const endsAt = new Date(testNow().getTime() - endedHoursAgo * 3600_000);
  return db
    .insert(schema.sessions)
    .values({
      programmeId,
      startsAt: new Date(endsAt.getTime() - 2 * 3600_000),
      endsAt,
      venue: "Hall",
      capacity: 10,
      bookingClosesAt: endsAt,
      feedbackToken: `session-token-${randomUUID()}`,
    })
    .returning()
    .get();
}

function booking(sessionId: number, overrides: Partial<typeof schema.bookings.$inferInsert> = {}) {
  const id = randomUUID();
  return db
    .insert(schema.bookings)
    .values({
      sessionId,
      name: "A Person",
      email: `${id}@x.example`,
      emailNormalised: `${id}@x.example`,
      organisationName: "Hotel Aurora",
      sector: "hotel",
      jobRole: "Manager",
      status: "confirmed",
      confirmedAt: testNow(),
      manageToken: `m-${id}`,
      feedbackToken: `f-${id}`,
      calendarUid: id,
      ...overrides,
    })
    .returning()
    .get();
}

const STANDARD_ANSWERS = (form: number) => {
  const qs = listQuestions({ formId: form });
  const byMetric = (m: string) => qs.find((q) => q.metric === m)!;
  return {
    [`q${byMetric("usefulness").id}`]: "Extremely useful",
    [`q${byMetric("recommend").id}`]: "Yes",
    [`q${byMetric("confidence_before").id}`]: "2",
    [`q${byMetric("confidence_after").id}`]: "4",
  };
};

beforeAll(async () => {
  userId = (await createUser({ email: "forms@test.example", name: "Forms", role: "organiser", password: "organiser password" })).id;
});

describe("building questions", () => {
  it("turns each type's fields into a stored question, and explains what is wrong", () => {
    const parse = (values: Record<string, string>) => questionInputSchema.safeParse(values);
    expect(
      parse({
        type: "grid",
        prompt: "Confident?",
        rows: "Homelessness\nIll mental health",
        options: "Confident\nNot confident",
        required: "yes",
      }).success,
    ).toBe(true);
    expect(fieldErrors(parse({ type: "ranking", prompt: "Rank", options: "A\nB\nC", maxRank: "4" }).error!)).toEqual({
      maxRank: "How many to rank must be no more than the 3 options",
    });
    expect(fieldErrors(parse({ type: "multiple_choice", prompt: "Which", options: "A\nOther", allowOther: "yes" }).error!)).toEqual({
      options: "Remove “Other” from the answers: “Offer Other, please say” adds it",
    });
    expect(fieldErrors(parse({ type: "single_choice", prompt: "", options: "Only one" }).error!)).toEqual({
      prompt: "Enter the question",
      options: "Enter at least 2 answers, one per line",
    });
    expect(fieldErrors(parse({ type: "single_choice", prompt: "P", options: "Yes\nyes" }).error!)).toEqual({
      options: "“yes” appears twice in the answers",
    });
    expect(fieldErrors(parse({ type: "scale", prompt: "P", min: "2", max: "11" }).error!)).toEqual({
      min: "The lowest number must be 1 or fewer",
      max: "The highest number must be 10 or fewer",
    });
    expect(parse({ type: "bogus", prompt: "P" }).success).toBe(false);
  });

  it("adds, reorders and deletes questions, keeping positions 1..n", () => {
    const formId = getEvaluationFormId({ programmeId: programme() })!;
    const added = addQuestion({ formId, input: questionInputSchema.parse({ type: "short_text", prompt: "One word?" }), userId });
    moveQuestion({ questionId: added, direction: "up", userId });
    let qs = listQuestions({ formId });
    expect(qs.map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(qs[5]!.id).toBe(added);
    deleteQuestion({ questionId: added, userId });
    qs = listQuestions({ formId });
    expect(qs.map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("once answered, keeps a question's choices fixed but lets its wording change; and will not delete it", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const session = pastSession(programmeId);
    const b = booking(session.id);
    expect(
      submitFeedback({ target: { channel: "attendee_link", token: b.feedbackToken }, values: STANDARD_ANSWERS(formId) }),
    ).toMatchObject({ ok: true });
    const usefulness = listQuestions({ formId }).find((q) => q.metric === "usefulness")!;
    const reworded = questionInputSchema.parse({
      type: "single_choice",
      prompt: "How useful was it for you?",
      options: usefulness.config.options!.join("\n"),
      required: "yes",
    });
    updateQuestion({ questionId: usefulness.id, input: reworded, userId });
    expect(listQuestions({ formId }).find((q) => q.id === usefulness.id)!.prompt).toBe("How useful was it for you?");
    const rechoiced = questionInputSchema.parse({
      type: "single_choice",
      prompt: "How useful?",
      options: "Useful\nNot useful",
      required: "yes",
    });
    expect(() => updateQuestion({ questionId: usefulness.id, input: rechoiced, userId })).toThrow(
      /already has 1 answer, so its choices cannot change/,
    );
    expect(() => deleteQuestion({ questionId: usefulness.id, userId })).toThrow(FormRuleError);
    const counts = getFormForAdmin({ formId }).questions.map((q) => [q.metric, q.answers]);
    expect(counts).toEqual([
      ["usefulness", 1],
      ["recommend", 1],
      ["confidence_before", 1],
      ["confidence_after", 1],
      [null, 0],
      ["quote", 0],
    ]);
  });
});

describe("an attendee's own feedback link", () => {
  it("stores one response for that booking, linked to its session, and a second submission replaces the first", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const session = pastSession(programmeId);
    const b = booking(session.id);
    const first = submitFeedback({ target: { channel: "attendee_link", token: b.feedbackToken }, values: STANDARD_ANSWERS(formId) });
    const usefulnessId = listQuestions({ formId }).find((q) => q.metric === "usefulness")!.id;
    const second = submitFeedback({
      target: { channel: "attendee_link", token: b.feedbackToken },
      values: { ...STANDARD_ANSWERS(formId), [`q${usefulnessId}`]: "Very useful" },
    });
    expect(first).toMatchObject({ ok: true, replaced: false });
    expect(second).toMatchObject({ ok: true, replaced: true });
    const responses = db.select().from(schema.responses).where(eq(schema.responses.formId, formId)).all();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ bookingId: b.id, sessionId: session.id, channel: "attendee_link" });
    const answers = db.select().from(schema.answers).where(eq(schema.answers.responseId, responses[0]!.id)).all();
    expect(answers).toHaveLength(4);
    expect(answers.find((a) => a.questionId === usefulnessId)!.choice).toBe("Very useful");
    expect(getAttendeeFeedback({ token: b.feedbackToken }).previous).toMatchObject({ [`q${usefulnessId}`]: "Very useful" });
  });

  it("cannot be used for another booking's response", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const session = pastSession(programmeId);
    const mine = booking(session.id);
    const theirs = booking(session.id);
    submitFeedback({ target: { channel: "attendee_link", token: theirs.feedbackToken }, values: STANDARD_ANSWERS(formId) });
    // Whatever else is posted (a bookingId, a responseId), the link decides whose response it is.
    const result = submitFeedback({
      target: { channel: "attendee_link", token: mine.feedbackToken },
      values: { ...STANDARD_ANSWERS(formId), bookingId: String(theirs.id), responseId: "1" },
    });
    expect(result).toMatchObject({ ok: true, replaced: false });
    const byBooking = db
      .select({ bookingId: schema.responses.bookingId })
      .from(schema.responses)
      .where(eq(schema.responses.formId, formId))
      .all()
      .map((r) => r.bookingId)
      .sort();
    expect(byBooking).toEqual([mine.id, theirs.id].sort());
    // The manage-booking secret is not a feedback link.
    expect(() => getAttendeeFeedback({ token: mine.manageToken })).toThrow();
  });

  it("refuses politely when feedback has closed, the session was cancelled, the booking was cancelled, or they did not attend", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const old = pastSession(programmeId, { endedHoursAgo: 24 * 40 });
    const values = STANDARD_ANSWERS(formId);
    expect(submitFeedback({ target: { channel: "attendee_link", token: booking(old.id).feedbackToken }, values })).toEqual({
      ok: false,
      closed: "closed",
    });
    const recent = pastSession(programmeId);
    expect(
      submitFeedback({
        target: { channel: "attendee_link", token: booking(recent.id, { status: "cancelled", cancelledAt: testNow() }).feedbackToken },
        values,
      }),
    ).toEqual({ ok: false, closed: "booking_cancelled" });
    expect(
      submitFeedback({ target: { channel: "attendee_link", token: booking(recent.id, { attendance: "no_show" }).feedbackToken }, values }),
    ).toEqual({ ok: false, closed: "not_attended" });
    db.update(schema.forms).set({ status: "closed" }).where(eq(schema.forms.id, formId)).run();
    expect(submitFeedback({ target: { channel: "attendee_link", token: booking(recent.id).feedbackToken }, values })).toEqual({
      ok: false,
      closed: "form_closed",
    });
    expect(db.select().from(schema.responses).where(eq(schema.responses.formId, formId)).all()).toHaveLength(0);
  });

  it("on an anonymous form stores no booking link, records only the day feedback was given, and takes one response", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    db.update(schema.forms).set({ anonymous: true }).where(eq(schema.forms.id, formId)).run();
    const session = pastSession(programmeId);
    const b = booking(session.id);
    expect(
      submitFeedback({ target: { channel: "attendee_link", token: b.feedbackToken }, values: STANDARD_ANSWERS(formId) }),
    ).toMatchObject({ ok: true });
    const response = db.select().from(schema.responses).where(eq(schema.responses.formId, formId)).get()!;
    expect(response.bookingId).toBeNull();
    expect(response.sessionId).toBe(session.id);
    const given = db.select({ at: schema.bookings.feedbackGivenAt }).from(schema.bookings).where(eq(schema.bookings.id, b.id)).get()!.at!;
    expect(given.getUTCHours() + given.getUTCMinutes() + given.getUTCSeconds()).toBe(0);
    expect(submitFeedback({ target: { channel: "attendee_link", token: b.feedbackToken }, values: STANDARD_ANSWERS(formId) })).toEqual({
      ok: false,
      closed: "closed",
    });
  });
});

describe("anonymous links and consultations", () => {
  it("a session's anonymous link adds a new response each time, tied to the session and to nobody", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const session = pastSession(programmeId);
    for (let i = 0; i < 3; i++)
      expect(
        submitFeedback({ target: { channel: "anonymous_link", sessionToken: session.feedbackToken! }, values: STANDARD_ANSWERS(formId) }),
      ).toMatchObject({ ok: true });
    const responses = db.select().from(schema.responses).where(eq(schema.responses.sessionId, session.id)).all();
    expect(responses).toHaveLength(3);
    expect(responses.every((r) => r.bookingId === null && r.channel === "anonymous_link")).toBe(true);
  });

  it("a consultation takes answers only while open, and a draft has no public page", () => {
    const settings = (over: Record<string, string>) =>
      formSettingsSchema.parse({ title: "Survey", status: "open", anonymous: "yes", ...over });
    const draft = createConsultation({ settings: settings({ status: "draft" }), template: "blank", userId });
    const token = (id: number) => db.select({ t: schema.forms.publicToken }).from(schema.forms).where(eq(schema.forms.id, id)).get()!.t;
    expect(() => getConsultation({ token: token(draft) })).toThrow();
    const future = createConsultation({ settings: settings({ opensOn: "2099-01-01" }), template: "standard", userId });
    expect(getConsultation({ token: token(future) }).closed).toBe("not_open_yet");
    const ended = createConsultation({ settings: settings({ opensOn: "2020-01-01", closesOn: "2020-02-01" }), template: "blank", userId });
    expect(getConsultation({ token: token(ended) }).closed).toBe("form_closed");
    const open = createConsultation({ settings: settings({}), template: "standard", userId });
    expect(getConsultation({ token: token(open) }).closed).toBeNull();
    expect(() =>
      createConsultation({ settings: settings({ opensOn: "2027-03-02", closesOn: "2027-03-01" }), template: "blank", userId }),
    ).toThrow(/closing date must be on or after/);
  });

  it("keeps an anonymous form anonymous once answered; making a named form anonymous detaches its responses", () => {
    const programmeId = programme();
    const formId = getEvaluationFormId({ programmeId })!;
    const session = pastSession(programmeId);
    const b = booking(session.id);
    submitFeedback({ target: { channel: "attendee_link", token: b.feedbackToken }, values: STANDARD_ANSWERS(formId) });
    const base = { title: "Feedback", status: "open" as const, introduction: "", opensOn: "", closesOn: "" };
    updateFormSettings({ formId, settings: { ...base, anonymous: true }, userId });
    expect(db.select().from(schema.responses).where(eq(schema.responses.formId, formId)).get()!.bookingId).toBeNull();
    expect(() => updateFormSettings({ formId, settings: { ...base, anonymous: false }, userId })).toThrow(/must stay anonymous/);
  });
});
