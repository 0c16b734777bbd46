/**
 * Evaluation reports: the figures a committee paper needs, for one session, or a programme's sessions
 * across any date range. Only sessions that have finished and were not cancelled count ("delivered").
 * Definitions (denominators, no-answers, rounding) are in docs/decisions/009-report-figures.md and shown on
 * the report itself.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { delivered } from "~/models/delivered.server";
import { getEvaluationFormId } from "~/models/form.server";
import { getProgramme } from "~/models/programme.server";
import { listQuestions } from "~/models/question.server";
import { excluding, roomLinkSummary, uncountedResponses } from "~/models/response-count.server";
import { OTHER } from "~/utils/answers";
import { clock } from "~/utils/clock.server";
import { addUkCalendar, isServiceDate, parseDateKey, ukLocalToUtc } from "~/utils/dates";
import { formValues, str } from "~/utils/forms";
import { LOW_N, mean, percent, type Percent } from "~/utils/percent";
import { METRICS } from "~/utils/standard-evaluation";

import { SECTOR_LABELS, type QuestionType, type Sector } from "../../domain/vocabulary";

export type ReportScope = { programmeId: number; sessionId?: number; from?: string | null; to?: string | null };

/** `from`/`to` are UK dates, inclusive; both optional. */
export const reportRangeSchema = z.object({
  from: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v && isServiceDate(v) ? v : null)),
  to: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v && isServiceDate(v) ? v : null)),
});

/** The range in a report's address: typed in GOV.UK's date boxes (day, month, year), or whole in a link. */
export function reportRangeFromUrl(url: URL) {
  const values = formValues(url.searchParams);
  return reportRangeSchema.parse({ from: str(values, "from") || undefined, to: str(values, "to") || undefined });
}

/** Why a date range cannot be reported on, or null: an end before the start would otherwise show zeros. */
export function rangeProblem(range: { from: string | null; to: string | null }): string | null {
  return range.from && range.to && range.to < range.from ? "The end date must be on or after the start date" : null;
}

function rangeBounds(from?: string | null, to?: string | null) {
  const start = from ? ukLocalToUtc(parseDateKey(from)!, { hour: 0, minute: 0 }) : null;
  const end = to ? addUkCalendar(ukLocalToUtc(parseDateKey(to)!, { hour: 0, minute: 0 })!, { days: 1 }) : null;
  return { start, end };
}

/** The delivered sessions in scope, as a SQL condition on a session id column. */
export function scopeSessions(scope: ReportScope, now: Date) {
  const { start, end } = rangeBounds(scope.from, scope.to);
  const conditions = [
    sql`${schema.sessions.programmeId} = ${scope.programmeId}`,
    delivered(now),
    ...(scope.sessionId ? [sql`${schema.sessions.id} = ${scope.sessionId}`] : []),
    ...(start ? [sql`${schema.sessions.startsAt} >= ${start.getTime()}`] : []),
    ...(end ? [sql`${schema.sessions.startsAt} < ${end.getTime()}`] : []),
  ];
  return sql`(select ${schema.sessions.id} from ${schema.sessions} where ${sql.join(conditions, sql` and `)})`;
}

export type QuestionReport = {
  id: number;
  type: QuestionType;
  prompt: string;
  metric: string | null;
  /** Responses that answered this question: the denominator of its percentages. */
  answered: number;
  distribution: Array<{ label: string; count: number; percent: Percent }>;
  grid: Array<{ row: string; answered: number; counts: Array<{ label: string; count: number; percent: Percent }> }>;
  ranking: Array<{ option: string; points: number; firsts: number; ranked: number }>;
  mean: number | null;
  texts: { count: number; latest: string[] };
  quotes: Array<{ text: string; attribution: string }>;
  otherTexts: string[];
  /** Agreement questions: "strongly agree" or "agree", out of those who answered ("81% agreed"). */
  agreed: Percent | null;
};

export type EvaluationReport = ReturnType<typeof getEvaluationReport>;

/** Question types stored as several answer rows per response (one per ticked option, grid row or rank). */
const MULTI_ROW_TYPES = new Set<QuestionType>(["multiple_choice", "grid", "ranking"]);

export function getEvaluationReport({ scope, now = clock() }: { scope: ReportScope; now?: Date }) {
  const programme = getProgramme({ programmeId: scope.programmeId });
  const inScope = scopeSessions(scope, now);
  const formId = getEvaluationFormId({ programmeId: programme.id });
  const questions = formId ? listQuestions({ formId }) : [];
  const anonymous = formId
    ? Boolean(db.select({ a: schema.forms.anonymous }).from(schema.forms).where(eq(schema.forms.id, formId)).get()?.a)
    : false;

  const sessions = db.all<{ id: number; starts_at: number; ends_at: number; register: number }>(
    sql`select ${schema.sessions.id}, ${schema.sessions.startsAt}, ${schema.sessions.endsAt}, ${schema.sessions.attendanceTakenAt} is not null as register
      from ${schema.sessions} where ${schema.sessions.id} in ${inScope} order by ${schema.sessions.startsAt}`,
  );

  // Places and attendance. Where a register was taken, "expected to respond" is those who came; where it
  // was not, everyone with a place.
  // "attended" counts attendances; "people" counts each person once, however many sessions they came to.
  const places = db.get<{ booked: number; attended: number; people: number; no_show: number; marked: number; expected: number }>(sql`
    select count(*) as booked,
      coalesce(sum(${schema.bookings.attendance} = 'attended'), 0) as attended,
      count(distinct case when ${schema.bookings.attendance} = 'attended' then ${schema.bookings.personId} end) as people,
      coalesce(sum(${schema.bookings.attendance} = 'no_show'), 0) as no_show,
      coalesce(sum(${schema.bookings.attendance} <> 'unknown'), 0) as marked,
      coalesce(sum(case when ${schema.sessions.attendanceTakenAt} is null then 1 when ${schema.bookings.attendance} = 'attended' then 1 else 0 end), 0) as expected
    from ${schema.bookings} join ${schema.sessions} on ${schema.sessions.id} = ${schema.bookings.sessionId}
    where ${schema.bookings.status} = 'confirmed' and ${schema.bookings.sessionId} in ${inScope}`)!;
  // Responses the counting rule leaves out (voided, from people who did not come, or room-link responses
  // beyond the number who came) are left out of every figure below.
  const uncounted = uncountedResponses({ sessionIds: inScope });
  const counted = excluding(uncounted);
  const responses = formId
    ? db.get<{ n: number }>(
        sql`select count(*) as n from ${schema.responses} where ${schema.responses.formId} = ${formId} and ${schema.responses.sessionId} in ${inScope} ${excluding(uncounted, schema.responses.id)}`,
      )!.n
    : 0;
  const roomLink = roomLinkSummary({ sessionIds: inScope, uncounted });

  // One pass over the covering index gives every count the charts need: choices (with their grid row and
  // rank) and numbers; text answers fall in the all-null group, which still counts who answered.
  const questionReports = tallyQuestions({ questions, where: sql`${schema.answers.sessionId} in ${inScope} ${counted}`, anonymous });

  const byMetric = (metric: string) => questionReports.find((q) => q.metric === metric);
  const usefulness = byMetric(METRICS.usefulness);
  const recommend = byMetric(METRICS.recommend);
  const before = byMetric(METRICS.confidenceBefore);
  const after = byMetric(METRICS.confidenceAfter);
  const score = byMetric(METRICS.recommendScore);

  let uplift: { mean: number | null; n: number } | null = null;
  if (before && after) {
    // Paired: only responses that gave both a before and an after figure count. Grouping on the covering
    // index is twice as fast as joining answers to themselves.
    const paired = db.get<{ n: number; total: number | null }>(sql`
      select count(*) as n, sum(difference) as total from (
        select sum(case when ${schema.answers.questionId} = ${after.id} then ${schema.answers.number} else -${schema.answers.number} end) as difference, count(*) as given from ${schema.answers}
        where ${schema.answers.questionId} in (${before.id}, ${after.id}) and ${schema.answers.sessionId} in ${inScope} ${counted} and ${schema.answers.number} is not null
        group by ${schema.answers.responseId})
      where given = 2`)!;
    uplift = { mean: mean(paired.total ?? 0, paired.n), n: paired.n };
  }

  let recommendScore: { nps: number | null; promoters: Percent; detractors: Percent; mean: number | null; n: number } | null = null;
  if (score) {
    const n = score.distribution.reduce((s, d) => s + d.count, 0);
    const promoters = score.distribution.filter((d) => Number(d.label) >= 9).reduce((s, d) => s + d.count, 0);
    const detractors = score.distribution.filter((d) => Number(d.label) <= 6).reduce((s, d) => s + d.count, 0);
    const p = percent(promoters, n);
    const d = percent(detractors, n);
    recommendScore = {
      nps: p.value !== null && d.value !== null ? p.value - d.value : null,
      promoters: p,
      detractors: d,
      mean: score.mean,
      n,
    };
  }

  const sectors = db.all<{ sector: Sector; attendees: number; people: number; organisations: number }>(sql`
    select ${schema.bookings.sector}, count(*) as attendees, count(distinct ${schema.bookings.personId}) as people, count(distinct ${schema.bookings.organisationId}) as organisations
    from ${schema.bookings} where ${schema.bookings.status} = 'confirmed' and ${schema.bookings.attendance} = 'attended' and ${schema.bookings.sessionId} in ${inScope}
    group by ${schema.bookings.sector} order by attendees desc`);
  const allOrganisations = db.all<{ name: string; sector: Sector; attendees: number }>(sql`
    select ${schema.organisations.name}, ${schema.organisations.sector}, count(*) as attendees from ${schema.bookings} join ${schema.organisations} on ${schema.organisations.id} = ${schema.bookings.organisationId}
    where ${schema.bookings.status} = 'confirmed' and ${schema.bookings.attendance} = 'attended' and ${schema.bookings.sessionId} in ${inScope}
    group by ${schema.organisations.id} order by attendees desc, ${schema.organisations.name}`);

  const narrative = getNarrative({ programmeId: programme.id, sessionId: scope.sessionId ?? null });

  return {
    programme: { id: programme.id, title: programme.title, slug: programme.slug, aims: programme.aims, summary: programme.summary },
    scope,
    anonymous,
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: new Date(s.starts_at),
      endsAt: new Date(s.ends_at),
      register: Boolean(s.register),
    })),
    headline: {
      sessionsDelivered: sessions.length,
      booked: places.booked,
      attended: places.attended,
      people: places.people,
      noShowRate: percent(places.no_show, places.marked),
      responses,
      expected: places.expected,
      responseRate: percent(responses, places.expected),
      roomLink,
      topBox: usefulness ? percent(usefulness.distribution[0]?.count ?? 0, usefulness.answered) : null,
      topBoxLabel: usefulness?.distribution[0]?.label ?? null,
      topTwo: usefulness
        ? percent((usefulness.distribution[0]?.count ?? 0) + (usefulness.distribution[1]?.count ?? 0), usefulness.answered)
        : null,
      recommend: recommend ? percent(recommend.distribution.find((d) => d.label === "Yes")?.count ?? 0, recommend.answered) : null,
      confidenceBefore: before ? { mean: before.mean, n: before.distribution.reduce((s, d) => s + d.count, 0) } : null,
      confidenceAfter: after ? { mean: after.mean, n: after.distribution.reduce((s, d) => s + d.count, 0) } : null,
      uplift,
      recommendScore,
    },
    questions: questionReports,
    sectors,
    organisations: allOrganisations.slice(0, 25),
    organisationCount: allOrganisations.length,
    narrative,
  };
}

/**
 * The report as a page needs it: without the list of every session in scope, which for a programme's whole
 * history runs to hundreds of rows the page never shows, only the first and last dates.
 */
export function reportForPage(report: EvaluationReport) {
  const { sessions, ...rest } = report;
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  return { ...rest, period: first && last ? { first: first.startsAt, last: last.startsAt, single: first.id === last.id } : null };
}

// ---------------------------------------------------------------------------------------------------------
// Narrative
// ---------------------------------------------------------------------------------------------------------

export const narrativeSchema = z.object({
  summary: z.string().trim().max(5000, "Summary must be 5,000 characters or fewer").default(""),
  nextSteps: z.string().trim().max(5000, "Next steps must be 5,000 characters or fewer").default(""),
});

export function getNarrative({ programmeId, sessionId }: { programmeId: number; sessionId: number | null }) {
  const n = schema.evaluationNarratives;
  const row = db
    .select()
    .from(n)
    .where(and(eq(n.programmeId, programmeId), sessionId ? eq(n.sessionId, sessionId) : sql`${n.sessionId} is null`))
    .get();
  return { summary: row?.summary ?? "", nextSteps: row?.nextSteps ?? "", updatedAt: row?.updatedAt ?? null };
}

export function saveNarrative({
  programmeId,
  sessionId,
  summary,
  nextSteps,
  userId,
}: {
  programmeId: number;
  sessionId: number | null;
  summary: string;
  nextSteps: string;
  userId: number;
}) {
  const n = schema.evaluationNarratives;
  db.transaction((tx) => {
    const existing = tx
      .select({ id: n.id })
      .from(n)
      .where(and(eq(n.programmeId, programmeId), sessionId ? eq(n.sessionId, sessionId) : sql`${n.sessionId} is null`))
      .get();
    if (existing) tx.update(n).set({ summary, nextSteps, updatedBy: userId, updatedAt: clock() }).where(eq(n.id, existing.id)).run();
    else tx.insert(n).values({ programmeId, sessionId, summary, nextSteps, updatedBy: userId }).run();
    audit({ userId, action: "report.narrative", entityType: "programme", entityId: programmeId, details: { sessionId } }, tx);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------------------

/**
 * Every figure of the report as rows: question, row, answer, count, n, percentage, and whether it rests on
 * fewer than LOW_N answers, with the words the page uses (sector names, not their keys). No personal data.
 */
export function aggregateRows(report: EvaluationReport): unknown[][] {
  const { rows, row } = figureTable();
  const h = report.headline;
  const headline = (label: string, p: Percent | null) => p && row("Headline", "", label, p.numerator, p.denominator, p.value ?? "");
  row("Headline", "", "Sessions delivered", h.sessionsDelivered, "", "");
  row("Headline", "", "Places booked", h.booked, "", "");
  row("Headline", "", "People who attended", h.people, "", "");
  row("Headline", "", "Attendances", h.attended, "", "");
  headline("No-show rate", h.noShowRate);
  headline("Response rate", h.responseRate);
  row("Headline", "", "Room-link responses held (not voided)", h.roomLink.held, "", "");
  row("Headline", "", "Room-link responses counted", h.roomLink.counted, "", "");
  row("Headline", "", "Room-link responses not counted: more than the people who came", h.roomLink.over, "", "");
  row("Headline", "", "Room-link responses voided by an organiser", h.roomLink.voided, "", "");
  headline(`Top box (${h.topBoxLabel ?? ""})`, h.topBox);
  headline("Top two", h.topTwo);
  headline("Would recommend", h.recommend);
  const average = (label: string, m: { mean: number | null; n: number } | null) => m && row("Headline", "", label, m.mean ?? "", m.n, "");
  average("Confidence before (average out of 5)", h.confidenceBefore);
  average("Confidence after (average out of 5)", h.confidenceAfter);
  average("Confidence rise (average, people who gave both)", h.uplift);
  questionFigureRows(report.questions, row);
  for (const s of report.sectors) {
    row("People who attended, by sector", "", SECTOR_LABELS[s.sector], s.people, "", "");
    row("Attendances, by sector", "", SECTOR_LABELS[s.sector], s.attendees, "", "");
  }
  return rows;
}

type FigureRow = (question: string, rowLabel: string, answer: string, count: number | string, n: number | "", pct: number | "") => unknown;

/** The figures CSV's table: its heading row, and `row` to add a figure with its n and the small-number flag. */
export function figureTable(): { rows: unknown[][]; row: FigureRow } {
  const rows: unknown[][] = [["Question", "Row", "Answer", "Count", "Answered (n)", "Percentage", `Fewer than ${LOW_N} answers`]];
  const row: FigureRow = (question, rowLabel, answer, count, n, pct) =>
    rows.push([question, rowLabel, answer, count, n, pct, n === "" ? "" : n < LOW_N ? "yes" : ""]);
  return { rows, row };
}

/** Every question's figures as CSV rows (question, row, answer, count, n, percentage), through `row`. */
export function questionFigureRows(questions: QuestionReport[], row: FigureRow) {
  for (const q of questions) {
    for (const d of q.distribution) row(q.prompt, "", d.label, d.count, q.answered, d.percent.value ?? "");
    for (const g of q.grid) for (const c of g.counts) row(q.prompt, g.row, c.label, c.count, g.answered, c.percent.value ?? "");
    for (const r of q.ranking) {
      row(q.prompt, "", `${r.option} (points)`, r.points, q.answered, "");
      row(q.prompt, "", `${r.option} (first places)`, r.firsts, q.answered, "");
    }
    if (q.mean !== null) row(q.prompt, "", "Average", q.mean, q.answered, "");
    if (q.agreed) row(q.prompt, "", "Agreed (strongly agree or agree)", q.agreed.numerator, q.agreed.denominator, q.agreed.value ?? "");
    if (q.texts.count) row(q.prompt, "", "Written answers", q.texts.count, "", "");
  }
}

/** What the anonymised responses show in place of a comment its author did not let us share. */
export const QUOTE_WITHHELD = "(a comment, not shared: its author did not give permission)";

/**
 * One row per response: the session's date and the answers, nothing else. No names, emails, organisations
 * or booking references, whatever the form. Answers that are a choice show the choice; ranking as
 * "1. X; 2. Y"; grids as "Row: answer; …". A comment asked for with permission (a "quote" question) appears
 * only where its author gave it; otherwise the cell says it was withheld.
 */
export function anonymisedResponseRows({ scope, now = clock() }: { scope: ReportScope; now?: Date }): unknown[][] {
  const formId = getEvaluationFormId({ programmeId: scope.programmeId });
  if (!formId) return [["No form"]];
  const questions = listQuestions({ formId });
  const inScope = scopeSessions(scope, now);
  // The responses the figures count, and no others (ADR 009).
  const uncounted = uncountedResponses({ sessionIds: inScope });
  const responses = db.all<{ id: number; starts_at: number }>(sql`
    select ${schema.responses.id}, ${schema.sessions.startsAt} from ${schema.responses} join ${schema.sessions} on ${schema.sessions.id} = ${schema.responses.sessionId}
    where ${schema.responses.formId} = ${formId} and ${schema.responses.sessionId} in ${inScope} ${excluding(uncounted, schema.responses.id)} order by ${schema.sessions.startsAt}, ${schema.responses.id}`);
  const answers = db.all<{
    response_id: number;
    question_id: number;
    row_key: string | null;
    choice: string | null;
    rank: number | null;
    number: number | null;
    text: string | null;
    quote_permission: number | null;
  }>(sql`
    select ${schema.answers.responseId}, ${schema.answers.questionId}, ${schema.answers.rowKey}, ${schema.answers.choice}, ${schema.answers.rank}, ${schema.answers.number}, ${schema.answers.text}, ${schema.answers.quotePermission} from ${schema.answers}
    join ${schema.responses} on ${schema.responses.id} = ${schema.answers.responseId}
    where ${schema.responses.formId} = ${formId} and ${schema.responses.sessionId} in ${inScope} ${excluding(uncounted)} order by ${schema.answers.responseId}, ${schema.answers.rank}, ${schema.answers.id}`);
  return responseRows({
    questions,
    dateHeading: "Session date",
    responses: responses.map((r) => ({ id: r.id, date: new Date(r.starts_at).toISOString().slice(0, 10) })),
    answers,
  });
}

export type AnswerRecord = {
  response_id: number;
  question_id: number;
  row_key: string | null;
  choice: string | null;
  rank: number | null;
  number: number | null;
  text: string | null;
  quote_permission: number | null;
};

/**
 * Responses as rows: a number, a date, then each question's answer. A choice shows the choice; ranking as
 * "1. X; 2. Y"; grids as "Row: answer; …"; a comment asked for with permission only where its author gave it.
 */
export function responseRows({
  questions,
  dateHeading,
  responses,
  answers,
}: {
  questions: ReturnType<typeof listQuestions>;
  dateHeading: string;
  responses: Array<{ id: number; date: string }>;
  answers: AnswerRecord[];
}): unknown[][] {
  const byResponse = new Map<number, AnswerRecord[]>();
  for (const a of answers) {
    const list = byResponse.get(a.response_id) ?? [];
    list.push(a);
    byResponse.set(a.response_id, list);
  }
  const rows: unknown[][] = [["Response", dateHeading, ...questions.map((q) => q.prompt)]];
  responses.forEach((r, i) => {
    const mine = byResponse.get(r.id) ?? [];
    rows.push([
      i + 1,
      r.date,
      ...questions.map((q) => {
        const qa = mine.filter((a) => a.question_id === q.id);
        if (q.type === "ranking") return qa.map((a) => `${a.rank}. ${a.choice}`).join("; ");
        if (q.type === "grid") return qa.map((a) => `${a.row_key}: ${a.choice}`).join("; ");
        // A comment leaves the service only if its author said it may be shared (ADR 009).
        if (q.type === "quote") return qa.map((a) => (a.quote_permission ? (a.text ?? "") : QUOTE_WITHHELD)).join("; ");
        return qa
          .map((a) => (a.number !== null ? String(a.number) : a.choice === OTHER ? `Other: ${a.text}` : (a.choice ?? a.text ?? "")))
          .join("; ");
      }),
    ]);
  });
  return rows;
}

export function listReportableProgrammes({ now = clock() }: { now?: Date } = {}) {
  return db.all<{ id: number; title: string; archived: number; delivered: number; last: number | null }>(sql`
    select ${schema.programmes.id}, ${schema.programmes.title}, ${schema.programmes.archivedAt} is not null as archived,
      (select count(*) from ${schema.sessions} where ${schema.sessions.programmeId} = ${schema.programmes.id} and ${delivered(now)}) as delivered,
      (select max(${schema.sessions.startsAt}) from ${schema.sessions} where ${schema.sessions.programmeId} = ${schema.programmes.id} and ${delivered(now)}) as last
    from ${schema.programmes} order by ${schema.programmes.archivedAt} is not null, ${schema.programmes.title}`);
}

/** A programme's delivered sessions, newest first, for choosing one in a report. */
export function listDeliveredSessions({ programmeId, now = clock() }: { programmeId: number; now?: Date }) {
  return db
    .all<{ id: number; starts_at: number }>(
      sql`select ${schema.sessions.id}, ${schema.sessions.startsAt} from ${schema.sessions} where ${schema.sessions.programmeId} = ${programmeId} and ${delivered(now)} order by ${schema.sessions.startsAt} desc`,
    )
    .map((s) => ({ id: s.id, startsAt: new Date(s.starts_at) }));
}

/**
 * Every question's figures from the answers `where` selects (a SQL condition on `answers`): one grouped pass
 * over the covering index for choices, grid rows, ranks and numbers, then the free text and quotes. Used by
 * evaluation reports (answers of the sessions in scope) and consultation results (answers of the form).
 */
export function tallyQuestions({
  questions,
  where,
  anonymous,
}: {
  questions: ReturnType<typeof listQuestions>;
  where: SQL;
  anonymous: boolean;
}): QuestionReport[] {
  const ids = questions.map((q) => q.id);
  const idList = (list: number[]) =>
    list.length
      ? sql.join(
          list.map((id) => sql`${id}`),
          sql`, `,
        )
      : sql`null`;
  const tallies = db.all<{
    question_id: number;
    row_key: string | null;
    choice: string | null;
    rank: number | null;
    number: number | null;
    n: number;
  }>(sql`
    select ${schema.answers.questionId}, ${schema.answers.rowKey}, ${schema.answers.choice}, ${schema.answers.rank}, ${schema.answers.number}, count(*) as n from ${schema.answers}
    where ${schema.answers.questionId} in (${idList(ids)}) and ${where}
    group by ${schema.answers.questionId}, ${schema.answers.rowKey}, ${schema.answers.choice}, ${schema.answers.rank}, ${schema.answers.number}`);
  const choiceRows = tallies.filter((r): r is typeof r & { choice: string } => r.choice !== null);
  const numberRows = tallies.filter((r): r is typeof r & { number: number } => r.number !== null);
  // Most question types store one answer per response, so their rows already count the people who
  // answered; only questions with several rows per response need a distinct count.
  const multiRow = questions.filter((q) => MULTI_ROW_TYPES.has(q.type)).map((q) => q.id);
  const answeredBy = new Map<number, number>();
  for (const r of tallies)
    if (!MULTI_ROW_TYPES.has(questions.find((q) => q.id === r.question_id)!.type))
      answeredBy.set(r.question_id, (answeredBy.get(r.question_id) ?? 0) + r.n);
  if (multiRow.length) {
    for (const r of db.all<{ question_id: number; n: number }>(sql`
      select ${schema.answers.questionId}, count(distinct ${schema.answers.responseId}) as n from ${schema.answers}
      where ${schema.answers.questionId} in (${idList(multiRow)}) and ${where}
      group by ${schema.answers.questionId}`))
      answeredBy.set(r.question_id, r.n);
  }

  const questionReports: QuestionReport[] = questions.map((q) => {
    const answered = answeredBy.get(q.id) ?? 0;
    const mine = choiceRows.filter((r) => r.question_id === q.id);
    const report: QuestionReport = {
      id: q.id,
      type: q.type,
      prompt: q.prompt,
      metric: q.metric,
      answered,
      distribution: [],
      grid: [],
      ranking: [],
      mean: null,
      texts: { count: 0, latest: [] },
      quotes: [],
      otherTexts: [],
      agreed: null,
    };
    const options = q.config.options ?? [];
    switch (q.type) {
      case "single_choice":
      case "yes_no":
      case "agreement":
      case "multiple_choice": {
        const labels = [...options, ...(q.type === "multiple_choice" && q.config.allowOther ? [OTHER] : [])];
        report.distribution = labels.map((label) => {
          const count = mine.filter((r) => r.choice === label).reduce((n, r) => n + r.n, 0);
          return { label, count, percent: percent(count, answered) };
        });
        if (q.type === "agreement")
          report.agreed = percent((report.distribution[0]?.count ?? 0) + (report.distribution[1]?.count ?? 0), answered);
        if (q.type === "multiple_choice" && q.config.allowOther) {
          report.otherTexts = db
            .all<{ text: string }>(
              sql`select ${schema.answers.text} from ${schema.answers} where ${schema.answers.questionId} = ${q.id} and ${where} and ${schema.answers.choice} = ${OTHER} and ${schema.answers.text} is not null order by ${schema.answers.id} desc limit 30`,
            )
            .map((r) => r.text);
        }
        break;
      }
      case "scale": {
        const min = q.config.min ?? 0;
        const max = q.config.max ?? 10;
        const rows = numberRows.filter((r) => r.question_id === q.id);
        const total = rows.reduce((n, r) => n + r.n, 0);
        report.distribution = Array.from({ length: max - min + 1 }, (_, i) => {
          const count = rows.filter((r) => r.number === min + i).reduce((n, r) => n + r.n, 0);
          return { label: String(min + i), count, percent: percent(count, total) };
        });
        report.mean = mean(
          rows.reduce((s, r) => s + r.number * r.n, 0),
          total,
        );
        break;
      }
      case "grid":
        report.grid = (q.config.rows ?? []).map((row) => {
          const rowAnswers = mine.filter((r) => r.row_key === row);
          const rowTotal = rowAnswers.reduce((n, r) => n + r.n, 0);
          return {
            row,
            answered: rowTotal,
            counts: options.map((label) => {
              const count = rowAnswers.filter((r) => r.choice === label).reduce((n, r) => n + r.n, 0);
              return { label, count, percent: percent(count, rowTotal) };
            }),
          };
        });
        break;
      case "ranking": {
        // Points: 1st place earns as many points as there are places to rank, the last place 1.
        const places_ = q.config.maxRank ?? options.length;
        report.ranking = options
          .map((option) => {
            const rows = mine.filter((r) => r.choice === option && r.rank);
            return {
              option,
              points: rows.reduce((p, r) => p + (places_ + 1 - r.rank!) * r.n, 0),
              firsts: rows.filter((r) => r.rank === 1).reduce((n, r) => n + r.n, 0),
              ranked: rows.reduce((n, r) => n + r.n, 0),
            };
          })
          .sort((a, b) => b.points - a.points || b.firsts - a.firsts || a.option.localeCompare(b.option));
        break;
      }
      case "short_text":
      case "long_text":
        report.texts = {
          count: answered,
          latest: db
            .all<{ text: string }>(
              sql`select ${schema.answers.text} from ${schema.answers} where ${schema.answers.questionId} = ${q.id} and ${where} and ${schema.answers.text} is not null order by ${schema.answers.id} desc limit 30`,
            )
            .map((r) => r.text),
        };
        break;
      case "quote":
        report.texts = { count: answered, latest: [] };
        report.quotes = db
          .all<{ text: string; attribution: string | null; organisation: string | null }>(
            sql`
            select ${schema.answers.text}, ${schema.answers.quoteAttribution} as attribution, ${schema.organisations.name} as organisation
            from ${schema.answers} join ${schema.responses} on ${schema.responses.id} = ${schema.answers.responseId}
            left join ${schema.bookings} on ${schema.bookings.id} = ${schema.responses.bookingId}
            left join ${schema.organisations} on ${schema.organisations.id} = ${schema.bookings.organisationId}
            where ${schema.answers.questionId} = ${q.id} and ${where} and ${schema.answers.quotePermission} = 1 and ${schema.answers.text} is not null
            order by ${schema.answers.id} desc limit 20`,
          )
          .map((r) => ({
            text: r.text,
            // "Organisation name only": never the person's name; anonymous when they chose so, or when the
            // form was anonymous and there is no booking to name the organisation from.
            attribution: r.attribution === "organisation" && r.organisation && !anonymous ? r.organisation : "Anonymous",
          }));
        break;
    }
    return report;
  });
  return questionReports;
}
