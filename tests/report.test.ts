import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { getEvaluationFormId } from "~/models/form.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { addQuestion, listQuestions, questionInputSchema } from "~/models/question.server";
import { aggregateRows, anonymisedResponseRows, getEvaluationReport, QUOTE_WITHHELD } from "~/models/report.server";
import { createUser } from "~/models/user.server";
import { ukDateKey } from "~/utils/dates";
import { percent } from "~/utils/percent";
import { STANDARD_EVALUATION } from "~/utils/standard-evaluation";

import { testNow } from "./support/clock";
import { insertEndedSession, insertProgramme } from "./support/fixtures";

let userId: number;
let programmeId: number;
let formId: number;
let q: Record<string, number>;
let sessionA: number;
let sessionB: number;
const DAY = 86_400_000;

function session(daysAgo: number, register = true) {
  const endsAt = new Date(testNow().getTime() - daysAgo * DAY);
  return db
    .insert(schema.sessions)
    .values({
      programmeId,
      startsAt: new Date(endsAt.getTime() - 2 * 3600_000),
      endsAt,
      venue: "Hall",
      capacity: 30,
      bookingClosesAt: endsAt,
      attendanceTakenAt: register ? endsAt : null,
    })
    .returning()
    .get().id;
}

function booking(sessionId: number, attendance: "attended" | "no_show" | "unknown", organisation = "Hotel Aurora") {
  const id = randomUUID();
  const org = db
    .insert(schema.organisations)
    .values({ name: organisation, normalisedName: organisation.toLowerCase(), sector: "hotel" })
    .onConflictDoNothing()
    .run();
  void org;
  const organisationId = db
    .select()
    .from(schema.organisations)
    .where(eq(schema.organisations.normalisedName, organisation.toLowerCase()))
    .get()!.id;
  return db
    .insert(schema.bookings)
    .values({
      sessionId,
      name: `Person ${id}`,
      email: `${id}@example.org`,
      emailNormalised: `${id}@example.org`,
      organisationId,
      organisationName: organisation,
      sector: "hotel",
      jobRole: "Manager",
      status: "confirmed",
      confirmedAt: testNow(),
      attendance,
      manageToken: `m-${id}`,
      feedbackToken: `f-${id}`,
      calendarUid: id,
    })
    .returning()
    .get().id;
}

function respond(
  sessionId: number,
  bookingId: number | null,
  answers: Array<Partial<typeof schema.answers.$inferInsert> & { questionId: number }>,
) {
  const responseId = db
    .insert(schema.responses)
    .values({ formId, sessionId, bookingId, channel: bookingId ? "attendee_link" : "anonymous_link" })
    .returning()
    .get().id;
  if (answers.length)
    db.insert(schema.answers)
      .values(answers.map((a) => ({ ...a, responseId, formId, sessionId })))
      .run();
}

beforeAll(async () => {
  userId = (await createUser({ email: "rep@test.example", name: "Rep", role: "organiser", password: "organiser password" })).id;
  programmeId = createProgramme({
    data: programmeSchema.parse({
      title: "Known data",
      summary: "S",
      category: "training",
      defaultCapacity: "30",
      defaultDurationMinutes: "120",
    }),
    userId,
  }).id;
  formId = getEvaluationFormId({ programmeId })!;
  addQuestion({
    formId,
    input: questionInputSchema.parse({
      type: "grid",
      prompt: "Confident with",
      rows: "Homelessness\nSubstance misuse",
      options: "Confident\nNot confident",
    }),
    userId,
  });
  addQuestion({
    formId,
    input: questionInputSchema.parse({ type: "ranking", prompt: "Top barriers", options: "Fear\nLanguage\nStigma", maxRank: "2" }),
    userId,
  });
  const qs = listQuestions({ formId });
  q = {
    useful: qs.find((x) => x.metric === "usefulness")!.id,
    recommend: qs.find((x) => x.metric === "recommend")!.id,
    before: qs.find((x) => x.metric === "confidence_before")!.id,
    after: qs.find((x) => x.metric === "confidence_after")!.id,
    quote: qs.find((x) => x.metric === "quote")!.id,
    grid: qs.find((x) => x.type === "grid")!.id,
    ranking: qs.find((x) => x.type === "ranking")!.id,
  };

  // Session A: 20 came, 2 did not; 20 responses. 17 "Extremely useful", 2 "Very useful", 1 "Somewhat useful".
  // 19 answered "would you recommend" (one left it blank): 18 yes, 1 no.
  sessionA = session(10);
  const came = Array.from({ length: 20 }, () => booking(sessionA, "attended"));
  booking(sessionA, "no_show");
  booking(sessionA, "no_show");
  came.forEach((b, i) => {
    const useful = i < 17 ? "Extremely useful" : i < 19 ? "Very useful" : "Somewhat useful";
    const answers: Array<Partial<typeof schema.answers.$inferInsert> & { questionId: number }> = [
      { questionId: q.useful!, choice: useful },
      { questionId: q.before!, number: 2 },
      { questionId: q.after!, number: i < 10 ? 4 : 5 },
    ];
    if (i < 19) answers.push({ questionId: q.recommend!, choice: i < 18 ? "Yes" : "No" });
    if (i < 4)
      answers.push(
        { questionId: q.grid!, rowKey: "Homelessness", choice: i < 3 ? "Confident" : "Not confident" },
        { questionId: q.grid!, rowKey: "Substance misuse", choice: "Not confident" },
      );
    if (i < 3)
      answers.push(
        { questionId: q.ranking!, choice: "Stigma", rank: 1 },
        { questionId: q.ranking!, choice: i === 0 ? "Fear" : "Language", rank: 2 },
      );
    if (i === 0)
      answers.push({ questionId: q.quote!, text: "Brilliant and practical.", quotePermission: true, quoteAttribution: "organisation" });
    if (i === 1) answers.push({ questionId: q.quote!, text: "Moving.", quotePermission: true, quoteAttribution: "anonymous" });
    if (i === 2) answers.push({ questionId: q.quote!, text: "Not for sharing.", quotePermission: false });
    respond(sessionA, b, answers);
  });

  // Session B, later, with no register: 8 booked, 1 response in 8 saying "Extremely useful".
  sessionB = session(2, false);
  const booked = Array.from({ length: 8 }, () => booking(sessionB, "unknown", "Cheapside Inn"));
  respond(sessionB, booked[0]!, [{ questionId: q.useful!, choice: "Extremely useful" }]);
  // Two of them gave only half of the before-and-after pair, so neither counts towards the uplift.
  booked
    .slice(1)
    .forEach((b, i) =>
      respond(sessionB, b, [
        { questionId: q.useful!, choice: "Not useful" },
        ...(i === 0 ? [{ questionId: q.before!, number: 1 }] : []),
        ...(i === 1 ? [{ questionId: q.after!, number: 5 }] : []),
      ]),
    );
});

describe("people and attendances", () => {
  it("counts a person who came to two sessions once as a person and twice as attendances, in the report and its export", () => {
    const own = insertProgramme(db, { title: "Twice-attended programme" }).id;
    const first = insertEndedSession(db, { programmeId: own, attended: 3, endedHoursAgo: 48 });
    const second = insertEndedSession(db, { programmeId: own, attended: 1, endedHoursAgo: 24 });
    // The second session's attendee is the first session's first attendee, booked again.
    const again = first.bookings[0]!;
    db.update(schema.bookings)
      .set({ email: again.email, emailNormalised: again.emailNormalised, name: again.name })
      .where(eq(schema.bookings.id, second.bookings[0]!.id))
      .run();
    const report = getEvaluationReport({ scope: { programmeId: own } });
    expect(report.headline).toMatchObject({ sessionsDelivered: 2, attended: 4, people: 3 });
    // The sector table counts the same people the headline does.
    expect(report.sectors.reduce((sum, s) => sum + s.people, 0)).toBe(3);
    const rows = aggregateRows(report);
    expect(rows).toContainEqual(["Headline", "", "People who attended", 3, "", "", ""]);
    expect(rows).toContainEqual(["Headline", "", "Attendances", 4, "", "", ""]);
  });
});

describe("evaluation figures from a known dataset", () => {
  it("gives the headline figures exactly, each with its n", () => {
    const r = getEvaluationReport({ scope: { programmeId, sessionId: sessionA } });
    expect(r.headline).toMatchObject({ sessionsDelivered: 1, booked: 22, attended: 20, responses: 20 });
    expect(r.headline.topBox).toEqual({ numerator: 17, denominator: 20, value: 85, lowN: false });
    expect(r.headline.topTwo).toEqual({ numerator: 19, denominator: 20, value: 95, lowN: false });
    // The blank "recommend" answer is left out of the denominator, not counted as a "no": 18 of 19.
    expect(r.headline.recommend).toEqual({ numerator: 18, denominator: 19, value: 95, lowN: false });
    expect(r.headline.noShowRate).toEqual({ numerator: 2, denominator: 22, value: 9, lowN: false });
    expect(r.headline.responseRate).toEqual({ numerator: 20, denominator: 20, value: 100, lowN: false });
    expect(r.headline.confidenceBefore).toEqual({ mean: 2, n: 20 });
    expect(r.headline.confidenceAfter).toEqual({ mean: 4.5, n: 20 });
    expect(r.headline.uplift).toEqual({ mean: 2.5, n: 20 });
  });

  it("charts each question: grids by row, rankings by points, quotes only with permission, attributed as chosen", () => {
    const r = getEvaluationReport({ scope: { programmeId, sessionId: sessionA } });
    const grid = r.questions.find((x) => x.id === q.grid)!;
    expect(grid.grid.map((g) => [g.row, g.answered, g.counts.map((c) => c.percent.value)])).toEqual([
      ["Homelessness", 4, [75, 25]],
      ["Substance misuse", 4, [0, 100]],
    ]);
    expect(grid.answered).toBe(4);
    const ranking = r.questions.find((x) => x.id === q.ranking)!;
    // 1st place earns 2 points, 2nd earns 1: Stigma 3×2 = 6, Language 2×1 = 2, Fear 1×1 = 1.
    expect(ranking.ranking.map((x) => [x.option, x.points, x.firsts])).toEqual([
      ["Stigma", 6, 3],
      ["Language", 2, 0],
      ["Fear", 1, 0],
    ]);
    const quotes = r.questions.find((x) => x.id === q.quote)!.quotes;
    expect(quotes.map((x) => [x.text, x.attribution]).sort()).toEqual([
      ["Brilliant and practical.", "Hotel Aurora"],
      ["Moving.", "Anonymous"],
    ]);
  });

  it("covers a programme across sessions, a date range, and sessions without a register", () => {
    const all = getEvaluationReport({ scope: { programmeId } });
    expect(all.headline.sessionsDelivered).toBe(2);
    expect(all.headline.topBox).toMatchObject({ numerator: 18, denominator: 28, value: 64 });
    // Session B had no register: everyone with a place is expected to respond (20 + 8).
    expect(all.headline.responseRate).toMatchObject({ numerator: 28, denominator: 28 });
    // Means use everyone who answered that question; the uplift only people who answered both.
    // 41 / 21 = 1.95…, shown to one decimal place.
    expect(all.headline.confidenceBefore).toEqual({ mean: 2, n: 21 });
    expect(all.headline.uplift).toEqual({ mean: 2.5, n: 20 });
    const recent = getEvaluationReport({ scope: { programmeId, from: ukDateKey(new Date(testNow().getTime() - 5 * DAY)) } });
    expect(recent.sessions.map((s) => s.id)).toEqual([sessionB]);
    // 1 of 8 is 12.5%, which rounds half up to 13%.
    expect(recent.headline.topBox).toEqual({ numerator: 1, denominator: 8, value: 13, lowN: false });
  });

  it("flags figures resting on fewer than 5 answers", () => {
    expect(percent(3, 4)).toEqual({ numerator: 3, denominator: 4, value: 75, lowN: true });
    expect(percent(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null, lowN: true });
    const r = getEvaluationReport({ scope: { programmeId, sessionId: sessionA } });
    expect(r.questions.find((x) => x.id === q.grid)!.answered).toBeLessThan(5);
  });

  it("never attributes a quote to an organisation on an anonymous form", () => {
    db.update(schema.forms).set({ anonymous: true }).where(eq(schema.forms.id, formId)).run();
    const r = getEvaluationReport({ scope: { programmeId, sessionId: sessionA } });
    expect(r.questions.find((x) => x.id === q.quote)!.quotes.every((x) => x.attribution === "Anonymous")).toBe(true);
    db.update(schema.forms).set({ anonymous: false }).where(eq(schema.forms.id, formId)).run();
  });

  it("exports figures and anonymised responses with no names or email addresses", () => {
    const r = getEvaluationReport({ scope: { programmeId } });
    const figures = JSON.stringify(aggregateRows(r));
    const responses = anonymisedResponseRows({ scope: { programmeId } });
    expect(responses).toHaveLength(1 + 28);
    const everything = figures + JSON.stringify(responses);
    expect(everything).not.toMatch(/@example\.org/);
    expect(everything).not.toMatch(/Person [0-9a-f-]{36}/);
    expect(everything).not.toContain("Hotel Aurora");
    expect(figures).toContain('"Top box (Extremely useful)",18,28,64');
  });

  it("exports the confidence rise, flags figures on fewer than 5 answers, and names sectors as the page does", () => {
    const rows = aggregateRows(getEvaluationReport({ scope: { programmeId, sessionId: sessionA } }));
    expect(rows[0]).toEqual(["Question", "Row", "Answer", "Count", "Answered (n)", "Percentage", "Fewer than 5 answers"]);
    expect(rows).toContainEqual(["Headline", "", "Confidence before (average out of 5)", 2, 20, "", ""]);
    expect(rows).toContainEqual(["Headline", "", "Confidence after (average out of 5)", 4.5, 20, "", ""]);
    expect(rows).toContainEqual(["Headline", "", "Confidence rise (average, people who gave both)", 2.5, 20, "", ""]);
    // The grid was answered by 4 people: each of its figures carries the flag.
    const grid = rows.filter((r) => r[0] === "Confident with");
    expect(grid.length).toBeGreaterThan(0);
    expect(grid.every((r) => r[6] === "yes")).toBe(true);
    expect(rows).toContainEqual(["People who attended, by sector", "", "Hotel", 20, "", "", ""]);
    expect(JSON.stringify(rows)).not.toMatch(/"hotel"|council_department/);
  });

  it("exports a comment only where its author gave permission to share it", () => {
    const responses = anonymisedResponseRows({ scope: { programmeId } });
    const prompt = STANDARD_EVALUATION.find((question) => question.type === "quote")!.prompt;
    const column = responses[0]!.findIndex((heading) => heading === prompt);
    expect(column).toBeGreaterThan(1);
    const comments = responses.slice(1).map((row) => row[column]);
    expect(comments).toContain("Brilliant and practical.");
    expect(comments).toContain("Moving.");
    expect(comments).toContain(QUOTE_WITHHELD);
    expect(JSON.stringify(responses)).not.toContain("Not for sharing.");
  });
});
