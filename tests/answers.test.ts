import { describe, expect, it } from "vitest";

import { answersToValues, parseAnswers, type QuestionForAnswers } from "~/utils/answers";

const q = (
  id: number,
  type: QuestionForAnswers["type"],
  config: QuestionForAnswers["config"] = {},
  required = true,
): QuestionForAnswers => ({ id, type, prompt: `Q${id}`, required, config });

const USEFUL = ["Extremely useful", "Very useful", "Somewhat useful", "Not useful"];
const single = q(1, "single_choice", { options: USEFUL });
const multi = q(2, "multiple_choice", { options: ["Refuges", "IDVAs", "Counselling"], allowOther: true });
const yesNo = q(3, "yes_no", { options: ["Yes", "No"] });
const scale = q(4, "scale", { min: 0, max: 10 });
const agree = q(5, "agreement", { options: ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"] });
const grid = q(6, "grid", { rows: ["Homelessness", "Ill mental health"], options: ["Confident", "Not confident", "Don't know"] });
const ranking = q(7, "ranking", {
  options: ["Fear of agencies", "Fear of the perpetrator", "Language barriers", "Stigma", "Other"],
  maxRank: 3,
});
const short = q(8, "short_text", { maxLength: 10 });
const long = q(9, "long_text", { maxLength: 50 }, false);
const quote = q(10, "quote", { maxLength: 100 }, false);

function run(questions: QuestionForAnswers[], values: Record<string, string | string[]>, anonymous = false) {
  return parseAnswers(questions, values, { anonymous });
}
const errorsOf = (r: ReturnType<typeof run>) => (r.ok ? {} : r.errors);
const rowsOf = (r: ReturnType<typeof run>) => (r.ok ? r.rows : []);

describe("answers to each type of question", () => {
  it("single choice: one of the options", () => {
    expect(rowsOf(run([single], { q1: "Very useful" }))).toEqual([{ questionId: 1, choice: "Very useful" }]);
    expect(errorsOf(run([single], { q1: "Life changing" }))).toEqual({ q1: "Question 1: select one of the answers shown" });
    expect(errorsOf(run([single], {}))).toEqual({ q1: "Question 1: select an answer" });
  });

  it("multiple choice: any of the options, and Other with its text", () => {
    expect(rowsOf(run([multi], { q2: ["Refuges", "Other"], "q2-other": "Outreach" }))).toEqual([
      { questionId: 2, choice: "Refuges", text: null },
      { questionId: 2, choice: "Other", text: "Outreach" },
    ]);
    expect(errorsOf(run([multi], { q2: ["Refuges", "Bribes"] }))).toEqual({ q2: "Question 1: select from the answers shown" });
    expect(errorsOf(run([multi], { q2: ["Other"] }))).toEqual({ "q2-other": "Question 1: say what your other answer is" });
    expect(errorsOf(run([{ ...multi, config: { ...multi.config, allowOther: false } }], { q2: ["Other"], "q2-other": "x" }))).toEqual({
      q2: "Question 1: select from the answers shown",
    });
    // A repeated tick counts once.
    expect(rowsOf(run([multi], { q2: ["IDVAs", "IDVAs"] }))).toHaveLength(1);
  });

  it("yes/no and agreement: only their fixed answers", () => {
    expect(rowsOf(run([yesNo, agree], { q3: "Yes", q5: "Agree" }))).toEqual([
      { questionId: 3, choice: "Yes" },
      { questionId: 5, choice: "Agree" },
    ]);
    expect(errorsOf(run([yesNo, agree], { q3: "Maybe", q5: "Totally" }))).toEqual({
      q3: "Question 1: select one of the answers shown",
      q5: "Question 2: select one of the answers shown",
    });
  });

  it("scale: a whole number within its range", () => {
    expect(rowsOf(run([scale], { q4: "0" }))).toEqual([{ questionId: 4, number: 0 }]);
    expect(rowsOf(run([scale], { q4: "10" }))).toEqual([{ questionId: 4, number: 10 }]);
    for (const bad of ["11", "-1", "5.5", "ten", "1e1"])
      expect(errorsOf(run([scale], { q4: bad }))).toEqual({ q4: "Question 1: choose a number from 0 to 10" });
  });

  it("grid: each row answered on its scale, and only the rows shown", () => {
    expect(rowsOf(run([grid], { "q6-r0": "Confident", "q6-r1": "Don't know" }))).toEqual([
      { questionId: 6, rowKey: "Homelessness", choice: "Confident" },
      { questionId: 6, rowKey: "Ill mental health", choice: "Don't know" },
    ]);
    expect(errorsOf(run([grid], { "q6-r0": "Confident" }))).toEqual({ "q6-r1": "Question 1: select an answer for “Ill mental health”" });
    expect(errorsOf(run([grid], { "q6-r0": "Very", "q6-r1": "Confident" }))).toEqual({
      "q6-r0": "Question 1: select one of the answers shown for “Homelessness”",
    });
    expect(errorsOf(run([grid], { "q6-r0": "Confident", "q6-r1": "Confident", "q6-r2": "Confident" }))).toEqual({
      q6: "Question 1: answer only the rows shown",
    });
  });

  it("ranking: distinct options, in order, no more than asked for", () => {
    expect(rowsOf(run([ranking], { "q7-rank1": "Stigma", "q7-rank2": "Fear of agencies", "q7-rank3": "Other" }))).toEqual([
      { questionId: 7, choice: "Stigma", rank: 1 },
      { questionId: 7, choice: "Fear of agencies", rank: 2 },
      { questionId: 7, choice: "Other", rank: 3 },
    ]);
    expect(errorsOf(run([ranking], { "q7-rank1": "Stigma", "q7-rank2": "Stigma", "q7-rank3": "Other" }))).toEqual({
      q7: "Question 1: you chose “Stigma” more than once. Choose each option only once",
    });
    expect(
      errorsOf(
        run([ranking], { "q7-rank1": "Stigma", "q7-rank2": "Other", "q7-rank3": "Fear of agencies", "q7-rank4": "Language barriers" }),
      ),
    ).toEqual({ q7: "Question 1: rank no more than 3" });
    expect(errorsOf(run([ranking], { "q7-rank1": "Stigma", "q7-rank2": "Housing", "q7-rank3": "Other" }))).toEqual({
      q7: "Question 1: choose from the options shown",
    });
    expect(errorsOf(run([ranking], { "q7-rank1": "Stigma" }))).toEqual({ "q7-rank2": "Question 1: choose your 2nd choice" });
    // Optional: a partial ranking is fine if it has no gaps.
    const optional = { ...ranking, required: false };
    expect(rowsOf(run([optional], { "q7-rank1": "Stigma" }))).toEqual([{ questionId: 7, choice: "Stigma", rank: 1 }]);
    expect(errorsOf(run([optional], { "q7-rank2": "Stigma" }))).toEqual({
      "q7-rank1": "Question 1: choose your 1st choice before your 2nd",
    });
  });

  it("free text: bounded in length", () => {
    expect(rowsOf(run([short], { q8: "  ok  " }))).toEqual([{ questionId: 8, text: "ok" }]);
    expect(errorsOf(run([short], { q8: "x".repeat(11) }))).toEqual({ q8: "Question 1: your answer must be 10 characters or fewer" });
    expect(rowsOf(run([long], {}))).toEqual([]);
    expect(errorsOf(run([long], { q9: "y".repeat(51) }))).toEqual({ q9: "Question 1: your answer must be 50 characters or fewer" });
  });

  it("quote: a comment and permission to share it, attributed as chosen", () => {
    expect(rowsOf(run([quote], { q10: "Brilliant", "q10-permission": "organisation" }))).toEqual([
      { questionId: 10, text: "Brilliant", quotePermission: true, quoteAttribution: "organisation" },
    ]);
    expect(rowsOf(run([quote], { q10: "Brilliant", "q10-permission": "no" }))).toEqual([
      { questionId: 10, text: "Brilliant", quotePermission: false, quoteAttribution: null },
    ]);
    expect(errorsOf(run([quote], { q10: "Brilliant" }))).toEqual({ "q10-permission": "Question 1: say whether we may share your comment" });
    // An anonymous form cannot attribute a quote to an organisation.
    expect(errorsOf(run([quote], { q10: "Brilliant", "q10-permission": "organisation" }, true))).toEqual({
      "q10-permission": "Question 1: choose one of the options shown",
    });
  });

  it("reports every problem at once, and round-trips stored answers back into the form", () => {
    const all = [single, multi, yesNo, scale, agree, grid, ranking, short, long, quote];
    expect(Object.keys(errorsOf(run(all, {})))).toEqual(["q1", "q2", "q3", "q4", "q5", "q6-r0", "q6-r1", "q7-rank1", "q8"]);
    const values = {
      q1: "Extremely useful",
      q2: ["IDVAs", "Other"],
      "q2-other": "Outreach",
      q3: "No",
      q4: "7",
      q5: "Disagree",
      "q6-r0": "Confident",
      "q6-r1": "Not confident",
      "q7-rank1": "Other",
      "q7-rank2": "Stigma",
      "q7-rank3": "Fear of agencies",
      q8: "short",
      q9: "longer text",
      q10: "Quote me",
      "q10-permission": "anonymous",
    };
    const parsed = run(all, values);
    expect(parsed.ok).toBe(true);
    expect(answersToValues(all, rowsOf(parsed))).toEqual(values);
  });
});
