/**
 * Results of a standalone consultation (e.g. the partnership's survey of professionals): every question's
 * figures with their n, as evaluation reports count them (docs/decisions/009-report-figures.md), the figures
 * as CSV and the responses anonymised, with the same permission rule for comments.
 */
import { sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { getFormRow } from "~/models/form.server";
import { listQuestions } from "~/models/question.server";
import { figureTable, questionFigureRows, responseRows, tallyQuestions, type AnswerRecord } from "~/models/report.server";
import { ukDateKey } from "~/utils/dates";
import { notFound } from "~/utils/http.server";

const r = schema.responses;
const a = schema.answers;

function consultationForm(formId: number) {
  const form = getFormRow({ formId });
  if (form.kind !== "consultation") throw notFound("Consultation not found");
  return form;
}

export type ConsultationResults = ReturnType<typeof getConsultationResults>;

export function getConsultationResults({ formId }: { formId: number }) {
  const form = consultationForm(formId);
  const questions = listQuestions({ formId });
  const totals = db.get<{ n: number; first: number | null; last: number | null }>(
    sql`select count(*) as n, min(${r.submittedAt}) as first, max(${r.submittedAt}) as last from ${r} where ${r.formId} = ${formId}`,
  )!;
  return {
    form: {
      id: form.id,
      title: form.title,
      introduction: form.introduction,
      status: form.status,
      opensAt: form.opensAt,
      closesAt: form.closesAt,
    },
    responses: totals.n,
    firstResponse: totals.first === null ? null : new Date(totals.first),
    lastResponse: totals.last === null ? null : new Date(totals.last),
    // No booking is ever linked to a consultation's answers: comments shared with permission are "Anonymous".
    questions: tallyQuestions({ questions, where: sql`${a.formId} = ${formId}`, anonymous: true }),
  };
}

/** The figures as CSV rows, with n and the small-number flag, as the evaluation figures CSV. */
export function consultationFigureRows(results: ConsultationResults): unknown[][] {
  const { rows, row } = figureTable();
  row("Headline", "", "Responses", results.responses, "", "");
  questionFigureRows(results.questions, row);
  return rows;
}

/** One row per response, by the day it was sent: no names, emails or organisations; comments only with permission. */
export function consultationResponseRows({ formId }: { formId: number }): unknown[][] {
  consultationForm(formId);
  const questions = listQuestions({ formId });
  const responses = db.all<{ id: number; submitted_at: number }>(
    sql`select ${r.id}, ${r.submittedAt} from ${r} where ${r.formId} = ${formId} order by ${r.submittedAt}, ${r.id}`,
  );
  const answers = db.all<AnswerRecord>(sql`
    select ${a.responseId}, ${a.questionId}, ${a.rowKey}, ${a.choice}, ${a.rank}, ${a.number}, ${a.text}, ${a.quotePermission} from ${a}
    where ${a.formId} = ${formId} order by ${a.responseId}, ${a.rank}, ${a.id}`);
  return responseRows({
    questions,
    dateHeading: "Sent on",
    // The day only: a time could single out a respondent.
    responses: responses.map((x) => ({ id: x.id, date: ukDateKey(new Date(x.submitted_at)) })),
    answers,
  });
}
