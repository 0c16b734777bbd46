import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { FeedbackPage } from "~/components/feedback-page";
import { CLOSED_MESSAGES, getAttendeeFeedback, submitFeedback } from "~/models/feedback.server";
import { formatDateTime, formatTimeRange } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "Your feedback"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const a = getAttendeeFeedback({ token: params.token ?? "" });
  return {
    token: params.token!,
    done: new URL(request.url).searchParams.get("done") === "1",
    programmeTitle: a.programme.title,
    when: formatTimeRange(a.session.startsAt, a.session.endsAt),
    introduction: a.form.introduction,
    anonymous: a.form.anonymous,
    questions: a.questions,
    previous: a.previous,
    submittedAt: a.submittedAt,
    closedMessage: a.closed
      ? CLOSED_MESSAGES[a.closed]
      : a.alreadyGaveAnonymous
        ? "You have already given your feedback on this session. Thank you."
        : null,
    closesAt: a.closesAt,
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
  const result = submitFeedback({ target: { channel: "attendee_link", token: params.token ?? "" }, values });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result ? invalid({ form: CLOSED_MESSAGES[result.closed] }, values, 409) : invalid(result.errors, values, 400);
}

export default function AttendeeFeedback() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <FeedbackPage
      caption={d.when}
      title={`Feedback: ${d.programmeTitle}`}
      introduction={
        <>
          {d.introduction ? (
            <p className="govuk-body">{d.introduction}</p>
          ) : (
            <p className="govuk-body">
              Thank you for coming. Your answers help us improve this training and report on it to the partnership.
            </p>
          )}
          {d.submittedAt && !d.anonymous ? (
            <div className="govuk-inset-text">
              You gave feedback on {formatDateTime(new Date(d.submittedAt))}. Your answers are below; you can change them until{" "}
              {formatDateTime(new Date(d.closesAt))}.
            </div>
          ) : null}
        </>
      }
      questions={d.questions}
      anonymous={d.anonymous}
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={
        d.anonymous ? (
          <p className="govuk-body">Your answers are anonymous and cannot be changed.</p>
        ) : (
          <p className="govuk-body">
            You can{" "}
            <Link className="govuk-link" to={`/feedback/${d.token}`}>
              change your answers
            </Link>{" "}
            until {formatDateTime(new Date(d.closesAt))}.
          </p>
        )
      }
      values={result?.values ?? d.previous}
      errors={result?.errors}
      submitLabel={d.submittedAt ? "Save my changes" : "Send my feedback"}
    />
  );
}
