import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { BUILDER_FIELD_ORDER, QuestionBuilderFields } from "~/components/question-builder";
import { FormRuleError, getFormForAdmin } from "~/models/form.server";
import { questionInputSchema, questionToValues, updateQuestion } from "~/models/question.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { idParam, invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { QUESTION_TYPE_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Change a question");

function load(params: Record<string, string | undefined>) {
  const formId = idParam(params, "formId");
  const questionId = idParam(params, "questionId");
  const detail = getFormForAdmin({ formId });
  const question = detail.questions.find((q) => q.id === questionId);
  if (!question) throw notFound("Question not found");
  return { detail, question };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { detail, question } = load(params);
  return {
    formId: detail.form.id,
    formTitle: detail.form.title,
    type: question.type,
    answers: question.answers,
    values: questionToValues(question),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const { detail, question } = load(params);
  const form = parseForm(await request.formData(), questionInputSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    updateQuestion({ questionId: question.id, input: form.data, userId: user.id });
  } catch (error) {
    if (error instanceof FormRuleError) return invalid({ [error.field]: error.message }, form.values, 409);
    throw error;
  }
  return redirectWithNotice(request, `/admin/forms/${detail.form.id}`, "Question updated.");
}

export default function EditQuestion() {
  const { formId, formTitle, type, answers, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/forms/${formId}`}>Back to {formTitle}</BackLink>
        <ErrorSummary errors={result?.errors} order={BUILDER_FIELD_ORDER} />
        <span className="govuk-caption-l">{formTitle}</span>
        <h1 className="govuk-heading-l">Change a question</h1>
        <p className="govuk-body">{QUESTION_TYPE_LABELS[type]}</p>
        {answers > 0 ? (
          <div className="govuk-inset-text">
            This question has {answers} {answers === 1 ? "answer" : "answers"}. You can change its wording, hint and whether it must be
            answered, but not its choices.
          </div>
        ) : null}
        <Form method="post" noValidate>
          <QuestionBuilderFields type={type} values={result?.values ?? values} errors={result?.errors} locked={answers > 0} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save question
          </button>
        </Form>
      </div>
    </div>
  );
}
