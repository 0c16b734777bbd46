import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { BackLink } from "~/components/layout";
import { getFormForAdmin } from "~/models/form.server";
import { getQuestionRow, moveQuestion } from "~/models/question.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { idParam, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { QUESTION_TYPE_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.form.title ?? "Form");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const detail = getFormForAdmin({ formId: idParam(params, "formId") });
  return {
    ...detail,
    publicUrl: detail.form.kind === "consultation" ? `${getEnv().PUBLIC_URL}/consultation/${detail.form.publicToken}` : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moveSchema = z.object({
    intent: z.literal("move"),
    questionId: z.coerce.number().int().positive(),
    direction: z.enum(["up", "down"]),
  });
  const user = await requireUser(request, { role: "organiser" });
  const formId = idParam(params, "formId");
  const parsed = moveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "That request was not understood." }, { status: 400 });
  if (getQuestionRow({ questionId: parsed.data.questionId }).formId !== formId) throw notFound("Question not found");
  moveQuestion({ questionId: parsed.data.questionId, direction: parsed.data.direction, userId: user.id });
  return data({ error: null });
}

const STATUS = { draft: "Draft", open: "Open", closed: "Closed" } as const;
const KIND_LABELS = { evaluation: "Evaluation form", follow_up: "Follow-up form", manager: "Line manager's follow-up form" } as const;
const LINKS = {
  evaluation: "Every attendee has their own link, and each session an anonymous link and QR code, on the session's feedback page.",
  follow_up:
    "Sent to everyone marked as attended, the programme's number of weeks after their session, with one chaser: each has their own link.",
  manager:
    "Sent at the same time as the follow-up to the line managers council staff named when booking: each has their own link, which opens nothing else.",
} as const;

export default function FormBuilder() {
  const { form, programme, questions, responses, publicUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={programme ? `/admin/programmes/${programme.id}` : "/admin/forms"}>
        {programme ? programme.title : "All feedback forms"}
      </BackLink>
      <span className="govuk-caption-l">
        {form.kind === "consultation" ? "Consultation" : `${KIND_LABELS[form.kind]} for ${programme?.title ?? "a programme"}`}
      </span>
      <h1 className="govuk-heading-l">{form.title}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {STATUS[form.status]}
            {form.kind === "consultation" && (form.opensAt || form.closesAt)
              ? `: ${form.opensAt ? formatShortDate(new Date(form.opensAt)) : "now"} to ${form.closesAt ? formatShortDate(new Date(form.closesAt.getTime() - 1)) : "no end date"}`
              : ""}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Anonymous</dt>
          <dd className="govuk-summary-list__value">{form.anonymous ? "Yes: answers are never shown next to a name" : "No"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Responses</dt>
          <dd className="govuk-summary-list__value">
            <span data-testid="response-count">{responses}</span>
            {form.kind === "consultation" ? (
              <>
                {" "}
                <Link className="govuk-link" to={`/admin/forms/${form.id}/results`}>
                  See the results
                </Link>
              </>
            ) : null}
          </dd>
        </div>
        {publicUrl ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Public link</dt>
            <dd className="govuk-summary-list__value">
              <code data-testid="public-link">{publicUrl}</code>
              <br />
              <Link className="govuk-link" to={`/admin/forms/${form.id}/qr`}>
                Printable QR code
              </Link>
            </dd>
          </div>
        ) : (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Links</dt>
            <dd className="govuk-summary-list__value">{form.kind === "consultation" ? null : LINKS[form.kind]}</dd>
          </div>
        )}
      </dl>
      <div className="govuk-button-group">
        <Link to={`/admin/forms/${form.id}/questions/new`} className="govuk-button" data-module="govuk-button">
          Add a question
        </Link>
        <Link to={`/admin/forms/${form.id}/preview`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Preview
        </Link>
        <Link to={`/admin/forms/${form.id}/settings`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Settings
        </Link>
      </div>
      {responses > 0 ? (
        <div className="govuk-inset-text">
          This form has answers. You can add questions and change any question&apos;s wording, but not the choices of a question that has
          been answered.
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Questions</h2>
      {questions.length ? (
        <ol className="govuk-list app-card-list" data-testid="question-list">
          {questions.map((q, i) => (
            <li key={q.id} className="app-card">
              <span className="govuk-caption-m">
                Question {i + 1} · {QUESTION_TYPE_LABELS[q.type]} · {q.required ? "required" : "optional"}
                {q.metric ? " · used in headline figures" : ""}
              </span>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{q.prompt}</p>
              {q.config.options && q.type !== "yes_no" && q.type !== "agreement" ? (
                <p className="govuk-body-s app-meta">
                  {(q.config.rows
                    ? [`Rows: ${q.config.rows.join("; ")}`, `Answers: ${q.config.options.join("; ")}`]
                    : [q.config.options.join("; ")]
                  ).join(". ")}
                </p>
              ) : null}
              {q.type === "scale" ? (
                <p className="govuk-body-s app-meta">
                  {q.config.min} to {q.config.max}
                </p>
              ) : null}
              <p className="govuk-body-s">
                {q.answers} {q.answers === 1 ? "answer" : "answers"}
              </p>
              <div className="govuk-button-group govuk-!-margin-bottom-0">
                <Link className="govuk-link" to={`/admin/forms/${form.id}/questions/${q.id}`}>
                  Change<span className="govuk-visually-hidden"> question {i + 1}</span>
                </Link>
                {q.answers === 0 ? (
                  <Link className="govuk-link" to={`/admin/forms/${form.id}/questions/${q.id}/delete`}>
                    Delete<span className="govuk-visually-hidden"> question {i + 1}</span>
                  </Link>
                ) : null}
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="intent" value="move" />
                  <input type="hidden" name="questionId" value={q.id} />
                  {i > 0 ? (
                    <button type="submit" name="direction" value="up" className="app-button-link govuk-!-margin-right-3">
                      Move up<span className="govuk-visually-hidden"> question {i + 1}</span>
                    </button>
                  ) : null}
                  {i < questions.length - 1 ? (
                    <button type="submit" name="direction" value="down" className="app-button-link">
                      Move down<span className="govuk-visually-hidden"> question {i + 1}</span>
                    </button>
                  ) : null}
                </Form>
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="govuk-body">No questions yet.</p>
      )}
    </>
  );
}
