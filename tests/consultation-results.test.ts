/**
 * Results of a standalone consultation (issue 12): every question's figures with their n, as the
 * professionals' consultation paper reports them, from answers whose figures are worked out here by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { consultationFigureRows, consultationResponseRows, getConsultationResults } from "~/models/consultation-results.server";
import { submitFeedback } from "~/models/feedback.server";
import { createConsultation, formSettingsSchema } from "~/models/form.server";
import { addQuestion, listQuestions, questionInputSchema } from "~/models/question.server";
import { QUOTE_WITHHELD } from "~/models/report.server";
import { createUser } from "~/models/user.server";

import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS, DEMO_CONSULTATION_TITLE } from "../db/seed-data/demo";

let formId: number;
let q: Record<string, number>;

beforeAll(async () => {
  const userId = (await createUser({ email: "consult@test.example", name: "Consult", role: "organiser", password: "organiser password" }))
    .id;
  formId = createConsultation({
    settings: formSettingsSchema.parse({ title: "Professionals' survey", status: "open", opensOn: "", closesOn: "" }),
    template: "blank",
    userId,
  });
  const add = (input: Record<string, string>) =>
    addQuestion({ formId, input: questionInputSchema.parse({ required: "", ...input }), userId });
  add({ type: "single_choice", prompt: "Which best describes your organisation?", options: "Police\nHealth\nHousing" });
  add({ type: "agreement", prompt: "Do you agree with the three priorities?" });
  add({
    type: "grid",
    prompt: "How confident are you supporting victims who also have",
    rows: "Homelessness\nDisability",
    options: "Confident\nNot confident",
  });
  add({ type: "ranking", prompt: "Rank the biggest barriers", options: "Fear\nLanguage\nStigma", maxRank: "2" });
  add({ type: "long_text", prompt: "What would help?" });
  add({ type: "quote", prompt: "Anything we may share?" });
  const byPrompt = (start: string) => listQuestions({ formId }).find((x) => x.prompt.startsWith(start))!.id;
  q = {
    org: byPrompt("Which"),
    agree: byPrompt("Do you agree"),
    grid: byPrompt("How confident"),
    rank: byPrompt("Rank"),
    help: byPrompt("What would"),
    quote: byPrompt("Anything"),
  };
  const token = (await import("~/db.server")).sqlite().prepare("select public_token from forms where id = ?").pluck().get(formId) as string;
  // Six respondents; the sixth skips everything but the first question.
  const answers: Array<Record<string, string>> = [
    {
      org: "Police",
      agree: "Strongly agree",
      g0: "Confident",
      g1: "Not confident",
      r1: "Fear",
      r2: "Stigma",
      help: "Joint training",
      quote: "Very useful",
      perm: "anonymous",
    },
    {
      org: "Police",
      agree: "Agree",
      g0: "Confident",
      g1: "Confident",
      r1: "Fear",
      r2: "Language",
      help: "More forums",
      quote: "Call me at home",
      perm: "no",
    },
    { org: "Health", agree: "Agree", g0: "Not confident", g1: "Confident", r1: "Stigma", r2: "Fear", help: "", quote: "", perm: "" },
    { org: "Health", agree: "Disagree", g0: "Confident", g1: "", r1: "Fear", r2: "", help: "", quote: "", perm: "" },
    {
      org: "Housing",
      agree: "Strongly agree",
      g0: "Confident",
      g1: "Confident",
      r1: "Language",
      r2: "Fear",
      help: "",
      quote: "",
      perm: "",
    },
    { org: "Housing" },
  ];
  for (const a of answers) {
    const values: Record<string, string> = { [`q${q.org}`]: a.org! };
    if (a.agree) values[`q${q.agree}`] = a.agree;
    if (a.g0) values[`q${q.grid}-r0`] = a.g0;
    if (a.g1) values[`q${q.grid}-r1`] = a.g1;
    if (a.r1) values[`q${q.rank}-rank1`] = a.r1;
    if (a.r2) values[`q${q.rank}-rank2`] = a.r2;
    if (a.help) values[`q${q.help}`] = a.help;
    if (a.quote) values[`q${q.quote}`] = a.quote;
    if (a.perm) values[`q${q.quote}-permission`] = a.perm;
    const result = submitFeedback({ target: { channel: "anonymous_link", consultationToken: token }, values });
    if (!result.ok) throw new Error(`setup: ${JSON.stringify(result)}`);
  }
});

describe("consultation results", () => {
  it("gives every question's figures with the number who answered it", () => {
    const results = getConsultationResults({ formId });
    expect(results.responses).toBe(6);
    const of = (id: number) => results.questions.find((x) => x.id === id)!;
    // Respondents by organisation type: out of all 6.
    expect(of(q.org!).distribution.map((d) => [d.label, d.count, d.percent.value])).toEqual([
      ["Police", 2, 33],
      ["Health", 2, 33],
      ["Housing", 2, 33],
    ]);
    // "80% agreed": 4 of the 5 who answered (the sixth skipped it, and is not counted as disagreeing).
    expect(of(q.agree!).agreed).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    // A grid's rows each have their own n.
    expect(of(q.grid!).grid.map((g) => [g.row, g.answered, g.counts[0]!.count, g.counts[0]!.percent.value])).toEqual([
      ["Homelessness", 5, 4, 80],
      ["Disability", 4, 3, 75],
    ]);
    // Ranking top 2: first place 2 points, second 1. Fear: 3 firsts (6) + 2 seconds (2) = 8.
    expect(of(q.rank!).ranking.map((r) => [r.option, r.points, r.firsts, r.ranked])).toEqual([
      ["Fear", 8, 3, 5],
      // A tie on points and first places is shown in alphabetical order.
      ["Language", 3, 1, 2],
      ["Stigma", 3, 1, 2],
    ]);
    expect(of(q.help!).texts).toEqual({ count: 2, latest: ["More forums", "Joint training"] });
    // Only the comment shared with permission appears, and anonymously.
    expect(of(q.quote!).quotes).toEqual([{ text: "Very useful", attribution: "Anonymous" }]);
  });

  it("exports the figures with their n and the small-number flag, and the responses without a comment kept private", () => {
    const rows = consultationFigureRows(getConsultationResults({ formId }));
    expect(rows[0]).toEqual(["Question", "Row", "Answer", "Count", "Answered (n)", "Percentage", "Fewer than 5 answers"]);
    expect(rows).toContainEqual(["Do you agree with the three priorities?", "", "Agreed (strongly agree or agree)", 4, 5, 80, ""]);
    expect(rows).toContainEqual(["How confident are you supporting victims who also have", "Disability", "Confident", 3, 4, 75, "yes"]);
    expect(rows).toContainEqual(["Rank the biggest barriers", "", "Fear (first places)", 3, 5, "", ""]);
    const responses = consultationResponseRows({ formId });
    expect(responses).toHaveLength(7);
    const text = JSON.stringify(responses);
    expect(text).not.toContain("Call me at home");
    expect(text).toContain(QUOTE_WITHHELD);
    expect(text).toContain("1. Fear; 2. Stigma");
  });
});

describe("consultation results over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("shows the demo consultation's results to reporting leads, with downloads, and to nobody else", async () => {
    const reporter = new Client(server.url);
    const account = DEMO_ACCOUNTS.find((a) => a.role === "reporter")!;
    await reporter.signIn(account.email, account.password);
    const reports = decodeHtml(await (await reporter.get("/admin/reports")).text());
    const link = new RegExp(`href="(/admin/forms/(\\d+)/results)">${DEMO_CONSULTATION_TITLE}</a>`).exec(reports);
    expect(link).not.toBeNull();
    const page = decodeHtml(await (await reporter.get(link![1]!)).text());
    expect(page).toMatch(/\d+ responses, sent between/);
    expect(page).toContain("Which best describes the organisation you work for?");
    expect(page).toMatch(/\d+% agreed \(\d+ of \d+ said “strongly agree” or “agree”\)/);
    expect(page).toContain("Ranked first");
    expect(page).toContain("Produced on");
    const figures = await reporter.get(`${link![1]}/figures.csv`);
    expect(figures.headers.get("content-type")).toContain("text/csv");
    expect(await figures.text()).toContain("Answered (n)");
    expect((await reporter.get(`${link![1]}/responses.csv`)).status).toBe(200);

    const facilitator = new Client(server.url);
    const f = DEMO_ACCOUNTS.find((a) => a.role === "facilitator")!;
    await facilitator.signIn(f.email, f.password);
    for (const path of [link![1]!, `${link![1]}/figures.csv`, `${link![1]}/responses.csv`]) {
      expect((await facilitator.get(path)).status, path).toBe(403);
      expect((await new Client(server.url).get(path)).status, path).toBe(302);
    }
    // An evaluation form is not a consultation: no results page of its own (its report is the programme's).
    const { sqlite } = (await import("./support/fixtures")).openServerDatabase(server.databasePath);
    const evaluation = sqlite.prepare("select id from forms where kind = 'evaluation' limit 1").pluck().get() as number;
    sqlite.close();
    expect((await reporter.get(`/admin/forms/${evaluation}/results`)).status).toBe(404);
  });
});
