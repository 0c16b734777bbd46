import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BackToEvents, FeedbackPage } from "~/components/feedback-page";
import { CLOSED_MESSAGES, getConsultation, submitFeedback } from "~/models/feedback.server";
import { formatDate } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, data?.title ?? "Consultation"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const c = getConsultation({ token: params.token ?? "" });
  return {
    done: new URL(request.url).searchParams.get("done") === "1",
    title: c.form.title,
    introduction: c.form.introduction,
    anonymous: c.form.anonymous,
    closesOn: c.form.closesAt ? formatDate(new Date(c.form.closesAt.getTime() - 1)) : null,
    questions: c.questions,
    closedMessage: c.closed ? CLOSED_MESSAGES[c.closed] : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const values = formValues(await request.formData());
  const refused = await refusePublicPost({
    values,
    shown: values,
    clientAddress: context.clientAddress,
    names: { form: "this form", sent: "answers" },
  });
  if (refused) return refused;
  const result = submitFeedback({ target: { channel: "anonymous_link", consultationToken: params.token ?? "" }, values });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result ? invalid({ form: CLOSED_MESSAGES[result.closed] }, values, 409) : invalid(result.errors, values, 400);
}

export default function Consultation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <FeedbackPage
      caption="Consultation"
      title={d.title}
      introduction={
        <>
          {d.introduction ? <p className="govuk-body">{d.introduction}</p> : null}
          {d.closesOn ? <p className="govuk-body">This consultation closes at the end of {d.closesOn}.</p> : null}
        </>
      }
      questions={d.questions}
      anonymous={d.anonymous}
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={<BackToEvents />}
      values={result?.values}
      errors={result?.errors}
    />
  );
}
