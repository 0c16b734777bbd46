import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, Radios } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { BUILDER_FIELD_ORDER, QuestionBuilderFields } from "~/components/question-builder";
import { getFormRow } from "~/models/form.server";
import { addQuestion, questionInputSchema } from "~/models/question.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { QUESTION_TYPE_LABELS, QUESTION_TYPES, type QuestionType } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Add a question");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const form = getFormRow({ formId: idParam(params, "formId") });
  const type = new URL(request.url).searchParams.get("type");
  return {
    formId: form.id,
    formTitle: form.title,
    type: (QUESTION_TYPES as readonly string[]).includes(type ?? "") ? (type as QuestionType) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const formId = idParam(params, "formId");
  getFormRow({ formId });
  const form = parseForm(await request.formData(), questionInputSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  addQuestion({ formId, input: form.data, userId: user.id });
  return redirectWithNotice(request, `/admin/forms/${formId}`, "Question added.");
}

export default function NewQuestion() {
  const { formId, formTitle, type } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/forms/${formId}`}>Back to {formTitle}</BackLink>
        <ErrorSummary errors={result?.errors} order={BUILDER_FIELD_ORDER} />
        <span className="govuk-caption-l">{formTitle}</span>
        {type ? (
          <>
            <h1 className="govuk-heading-l">Add a question</h1>
            <p className="govuk-body">{QUESTION_TYPE_LABELS[type]}</p>
            <Form method="post" noValidate>
              <QuestionBuilderFields type={type} values={result?.values ?? { required: "yes" }} errors={result?.errors} locked={false} />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Add question
              </button>
            </Form>
          </>
        ) : (
          <Form method="get">
            <Radios
              name="type"
              legend="What kind of question?"
              legendIsHeading
              value={str(result?.values, "type")}
              options={QUESTION_TYPES.map((t) => ({ value: t, label: QUESTION_TYPE_LABELS[t] }))}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Continue
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
