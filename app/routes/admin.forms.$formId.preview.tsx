import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { FeedbackPage } from "~/components/feedback-page";
import { getFormRow } from "~/models/form.server";
import { listQuestions } from "~/models/question.server";
import { requireUser } from "~/models/staff-session.server";
import { parseAnswers } from "~/utils/answers";
import { formValues } from "~/utils/forms";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Preview");

function load(formId: number) {
  const form = getFormRow({ formId });
  const questions = listQuestions({ formId }).map((q) => ({
    id: q.id,
    type: q.type,
    prompt: q.prompt,
    hint: q.hint,
    required: q.required,
    config: q.config,
  }));
  return { form, questions };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { form, questions } = load(idParam(params, "formId"));
  return { formId: form.id, title: form.title, introduction: form.introduction, anonymous: form.anonymous, questions };
}

/** Checks answers exactly as the public form would, and saves nothing. */
export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { form, questions } = load(idParam(params, "formId"));
  const values = formValues(await request.formData());
  const parsed = parseAnswers(questions, values, { anonymous: form.anonymous });
  return data({ errors: parsed.ok ? null : parsed.errors, values, valid: parsed.ok }, { status: parsed.ok ? 200 : 400 });
}

export default function Preview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/admin/forms/${d.formId}`}>
          Back to the form
        </Link>
      </p>
      {result?.valid ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="preview-ok">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="preview-ok">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">These answers would be accepted. Nothing was saved.</p>
          </div>
        </div>
      ) : null}
      <FeedbackPage
        caption="Preview"
        title={d.title}
        introduction={d.introduction ? <p className="govuk-body">{d.introduction}</p> : null}
        questions={d.questions}
        anonymous={d.anonymous}
        closedMessage={null}
        done={false}
        doneMessage={null}
        values={result?.values}
        errors={result?.errors}
        submitLabel="Check my answers"
        preview
      />
    </>
  );
}
