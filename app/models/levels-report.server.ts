/**
 * The evaluation at four levels (Kirkpatrick; ADR 026), for the sessions a report covers: reaction is the
 * report's own headline; learning is confidence before → after → at the follow-up, and the same people's
 * figures paired where the forms are named; behaviour is the share applying what they learned at the
 * follow-up, and what line managers saw; results are not something a form can measure. Every figure counts
 * only the responses the counting rule counts (ADR 009), and says its n and denominator.
 */
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

import { db, schema } from "~/db.server";
import { getEvaluationFormId } from "~/models/form.server";
import { getProgramme } from "~/models/programme.server";
import { listQuestions } from "~/models/question.server";
import {
  figureTable,
  questionFigureRows,
  scopeSessions,
  tallyQuestions,
  type EvaluationReport,
  type QuestionReport,
  type ReportScope,
} from "~/models/report.server";
import { excluding, uncountedResponses } from "~/models/response-count.server";
import { clock } from "~/utils/clock.server";
import { mean, percent, type Percent } from "~/utils/percent";
import { tableAs } from "~/utils/sql.server";
import { CHANGE_SCALE, METRICS } from "~/utils/standard-evaluation";

const r = schema.responses;
const a = schema.answers;
const b = schema.bookings;
const s = schema.sessions;
const p = schema.programmes;
/** The evaluation response paired with a follow-up, and the three answers compared. */
const e = alias(r, "e");
const fu = alias(a, "fu");
const eb = alias(a, "eb");
const ea = alias(a, "ea");

export type Average = { mean: number | null; n: number };

export type LevelsReport = ReturnType<typeof getLevelsReport>;

function formOf(programmeId: number, kind: "follow_up" | "manager") {
  return db
    .select({ id: schema.forms.id, anonymous: schema.forms.anonymous })
    .from(schema.forms)
    .where(and(eq(schema.forms.programmeId, programmeId), eq(schema.forms.kind, kind)))
    .get();
}

function averageOf(question: QuestionReport | undefined): Average | null {
  return question ? { mean: question.mean, n: question.distribution.reduce((sum, d) => sum + d.count, 0) } : null;
}

export function getLevelsReport({
  scope,
  evaluation,
  now = clock(),
}: {
  scope: ReportScope;
  /** The report this section belongs to: its confidence questions give the before and after. */
  evaluation: Pick<EvaluationReport, "questions" | "anonymous">;
  now?: Date;
}) {
  const programme = getProgramme({ programmeId: scope.programmeId });
  const inScope = scopeSessions(scope, now);
  const uncounted = uncountedResponses({ sessionIds: inScope });
  const counted = excluding(uncounted);
  const countedResponses = excluding(uncounted, r.id);

  // The response rates are out of the people asked (or who answered all the same): not worked out from the
  // programme's weeks today, which an organiser may change after people have answered.
  const opened = sql`${s.endsAt} + ${p.followUpWeeks} * 604800000 <= ${now.getTime()}`;
  const due = db.get<{ attended: number; asked: number; managers: number; sessions_waiting: number }>(sql`
    select count(*) as attended,
      coalesce(sum(${b.followUpAskedAt} is not null or ${b.followUpGivenAt} is not null), 0) as asked,
      coalesce(sum(${b.managerAskedAt} is not null or ${b.managerGivenAt} is not null), 0) as managers,
      (select count(*) from ${s} join ${p} on ${p.id} = ${s.programmeId} where ${s.id} in ${inScope} and not (${opened})) as sessions_waiting
    from ${b} join ${s} on ${s.id} = ${b.sessionId} join ${p} on ${p.id} = ${s.programmeId}
    where ${b.status} = 'confirmed' and ${b.attendance} = 'attended' and ${b.sessionId} in ${inScope}`)!;

  const tally = (formId: number, anonymous: boolean) =>
    tallyQuestions({ questions: listQuestions({ formId }), where: sql`${a.sessionId} in ${inScope} ${counted}`, anonymous });
  const responsesTo = (formId: number) =>
    db.get<{ n: number }>(
      sql`select count(*) as n from ${r} where ${r.formId} = ${formId} and ${r.sessionId} in ${inScope} ${countedResponses}`,
    )!.n;

  const followUpForm = formOf(programme.id, "follow_up");
  const followUpQuestions = followUpForm ? tally(followUpForm.id, followUpForm.anonymous) : [];
  const followUpResponses = followUpForm ? responsesTo(followUpForm.id) : 0;
  const managerForm = formOf(programme.id, "manager");
  const managerQuestions = managerForm ? tally(managerForm.id, managerForm.anonymous) : [];
  const managerResponses = managerForm ? responsesTo(managerForm.id) : 0;

  const inEvaluation = (metric: string) => evaluation.questions.find((q) => q.metric === metric);
  const inFollowUp = (metric: string) => followUpQuestions.find((q) => q.metric === metric);
  const before = inEvaluation(METRICS.confidenceBefore);
  const after = inEvaluation(METRICS.confidenceAfter);
  const later = inFollowUp(METRICS.confidenceFollowUp);

  // The same people at all three points: an evaluation and a follow-up both given through the person's own
  // link on named forms, each with its confidence answered. Anonymous forms cannot be joined up.
  let paired: { n: number; before: number | null; after: number | null; followUp: number | null } | null = null;
  const evaluationFormId = getEvaluationFormId({ programmeId: programme.id });
  // Why the same people cannot be followed through, where they cannot: said beside the row.
  const notPaired =
    !followUpForm || !evaluationFormId
      ? "no follow-up form"
      : !before || !after || !later
        ? "the forms do not all ask the confidence questions"
        : evaluation.anonymous || followUpForm.anonymous
          ? "a form is anonymous"
          : null;
  if (!notPaired && followUpForm && evaluationFormId && before && after && later && !evaluation.anonymous && !followUpForm.anonymous) {
    // Named through aliases (ADR 010's covering index serves each answer look-up).
    const row = db.get<{ n: number; before: number | null; after: number | null; later: number | null }>(sql`
      select count(*) as n, sum(${eb.number}) as before, sum(${ea.number}) as after, sum(${fu.number}) as later
      from ${r}
        join ${tableAs(r, e)} on ${e.bookingId} = ${r.bookingId} and ${e.formId} = ${evaluationFormId}
        join ${tableAs(a, fu)} on ${fu.responseId} = ${r.id} and ${fu.questionId} = ${later.id} and ${fu.number} is not null
        join ${tableAs(a, eb)} on ${eb.responseId} = ${e.id} and ${eb.questionId} = ${before.id} and ${eb.number} is not null
        join ${tableAs(a, ea)} on ${ea.responseId} = ${e.id} and ${ea.questionId} = ${after.id} and ${ea.number} is not null
      where ${r.formId} = ${followUpForm.id} and ${r.bookingId} is not null and ${r.sessionId} in ${inScope}
        ${countedResponses} ${excluding(uncounted, e.id)}`)!;
    paired = { n: row.n, before: mean(row.before ?? 0, row.n), after: mean(row.after ?? 0, row.n), followUp: mean(row.later ?? 0, row.n) };
  }

  const applied = inFollowUp(METRICS.applied);
  const change = managerQuestions.find((q) => q.metric === METRICS.managerChange);
  const atPositions = (q: QuestionReport, positions: number[]) => positions.reduce((sum, i) => sum + (q.distribution[i]?.count ?? 0), 0);

  return {
    weeks: programme.followUpWeeks,
    hasForms: Boolean(followUpForm || managerForm),
    /** Attendances in scope; those whose follow-up has opened are its denominator. */
    attended: due.attended,
    /** Those who came and were asked to follow up (or answered): the follow-up's response rate's denominator. */
    followUpAsked: due.asked,
    sessionsNotYetDue: due.sessions_waiting,
    followUp: followUpForm
      ? {
          formId: followUpForm.id,
          anonymous: followUpForm.anonymous,
          responses: followUpResponses,
          rate: percent(followUpResponses, due.asked),
        }
      : null,
    manager: managerForm
      ? { formId: managerForm.id, responses: managerResponses, asked: due.managers, rate: percent(managerResponses, due.managers) }
      : null,
    learning: { before: averageOf(before), after: averageOf(after), followUp: averageOf(later), paired, notPaired },
    applying: applied ? percent(applied.distribution.find((d) => d.label === "Yes")?.count ?? 0, applied.answered) : null,
    // By position, as the top box is, so rewording the answers does not change what they mean: the first two
    // are a change; a fourth, "not had the chance to see", is shown beside the figure.
    managerChange: change ? percent(atPositions(change, [0, 1]), change.answered) : null,
    managerCouldNotSay: change && change.distribution.length >= CHANGE_SCALE.length ? atPositions(change, [3]) : 0,
    followUpQuestions,
    managerQuestions,
  };
}

/**
 * The four levels as rows of the figures CSV, after the report's own (whose reaction figures they are): each
 * with its count, n and percentage as the table shows them.
 */
export function levelFigureRows(levels: LevelsReport): unknown[][] {
  const { rows, row } = figureTable();
  const weeks = `${levels.weeks} weeks`;
  const share = (label: string, p: Percent | null) => p && row("Four levels", "", label, p.numerator, p.denominator, p.value ?? "");
  const average = (label: string, m: Average | null) => m && row("Four levels", "", label, m.mean ?? "", m.n, "");
  average("Learning: confidence before (average out of 5)", levels.learning.before);
  average("Learning: confidence after (average out of 5)", levels.learning.after);
  average(`Learning: confidence at ${weeks} (average out of 5)`, levels.learning.followUp);
  const paired = levels.learning.paired;
  if (paired) {
    average("Learning, the same people: confidence before", { mean: paired.before, n: paired.n });
    average("Learning, the same people: confidence after", { mean: paired.after, n: paired.n });
    average(`Learning, the same people: confidence at ${weeks}`, { mean: paired.followUp, n: paired.n });
  }
  share(`Behaviour: applying what they learned at ${weeks}`, levels.applying);
  share("Behaviour: line managers who have seen a change", levels.managerChange);
  if (levels.managerChange) row("Four levels", "", "Line managers who had not had the chance to see", levels.managerCouldNotSay, "", "");
  share(`Follow-up at ${weeks}: response rate (of those who came and were asked)`, levels.followUp?.rate ?? null);
  share("Line managers: response rate (of managers asked)", levels.manager?.rate ?? null);
  questionFigureRows(
    levels.followUpQuestions.map((q) => ({ ...q, prompt: `Follow-up: ${q.prompt}` })),
    row,
  );
  questionFigureRows(
    levels.managerQuestions.map((q) => ({ ...q, prompt: `Line manager: ${q.prompt}` })),
    row,
  );
  return rows.slice(1);
}
