import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { FormRuleError } from "~/models/form.server";
import { deleteQuestion, getQuestionRow } from "~/models/question.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { idParam, invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Delete a question");

function load(params: Record<string, string | undefined>) {
  const formId = idParam(params, "formId");
  const question = getQuestionRow({ questionId: idParam(params, "questionId") });
  if (question.formId !== formId) throw notFound("Question not found");
  return question;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const question = load(params);
  return { formId: question.formId, prompt: question.prompt };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const question = load(params);
  try {
    deleteQuestion({ questionId: question.id, userId: user.id });
  } catch (error) {
    if (error instanceof FormRuleError) return invalid({ form: error.message }, {}, 409);
    throw error;
  }
  return redirectWithNotice(request, `/admin/forms/${question.formId}`, "Question deleted.");
}

export default function DeleteQuestion() {
  const { formId, prompt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/forms/${formId}`}>Back to the form</BackLink>
        <ErrorSummary errors={result?.errors} />
        <h1 className="govuk-heading-l">Delete this question?</h1>
        <p className="govuk-body">“{prompt}”</p>
        <Form method="post">
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Delete question
            </button>
            <Link className="govuk-link" to={`/admin/forms/${formId}`}>
              Keep it
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
