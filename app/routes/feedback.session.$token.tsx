import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BackToEvents, FeedbackPage } from "~/components/feedback-page";
import { CLOSED_MESSAGES, getSessionFeedback, submitFeedback } from "~/models/feedback.server";
import { publicProgrammeTitle } from "~/models/programme.server";
import { formatTimeRange } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "Session feedback"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

/** The session's anonymous link: for the room (as a QR code), walk-ins, and people who prefer not to be named. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const s = getSessionFeedback({ token: params.token ?? "" });
  return {
    done: new URL(request.url).searchParams.get("done") === "1",
    // Shown in a room on a shared screen or a phone: a sensitive programme keeps its neutral title here.
    title: publicProgrammeTitle(s.programme),
    when: formatTimeRange(s.session.startsAt, s.session.endsAt),
    introduction: s.form.introduction,
    questions: s.questions,
    closedMessage: s.closed ? CLOSED_MESSAGES[s.closed] : null,
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
  const result = submitFeedback({ target: { channel: "anonymous_link", sessionToken: params.token ?? "" }, values });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result ? invalid({ form: CLOSED_MESSAGES[result.closed] }, values, 409) : invalid(result.errors, values, 400);
}

export default function SessionFeedback() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <FeedbackPage
      caption={d.when}
      title={`Feedback: ${d.title}`}
      introduction={<p className="govuk-body">{d.introduction || "Thank you for coming. Your answers help us improve this training."}</p>}
      questions={d.questions}
      anonymous
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={<BackToEvents />}
      values={result?.values}
      errors={result?.errors}
    />
  );
}
