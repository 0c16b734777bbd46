import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { FeedbackPage } from "~/components/feedback-page";
import { followUpClosedMessage, getFollowUp, submitFollowUp } from "~/models/follow-up.server";
import { publicProgrammeTitle } from "~/models/programme.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "A line manager's follow-up"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

/** The manager's page shows whom and which session it is about, and nothing of the attendee's own answers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const a = getFollowUp({ token: params.token ?? "", role: "manager" });
  return {
    token: params.token!,
    done: new URL(request.url).searchParams.get("done") === "1",
    attendeeName: a.booking.name,
    programmeTitle: publicProgrammeTitle(a.programme),
    on: formatDate(a.session.startsAt),
    introduction: a.form.introduction,
    anonymous: a.form.anonymous,
    questions: a.questions,
    previous: a.previous,
    submittedAt: a.submittedAt,
    closedMessage: a.closed
      ? a.closed === "not_open_yet"
        ? `This follow-up opens on ${formatDateTime(a.opensAt)}.`
        : followUpClosedMessage("manager", a.closed)
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
  const result = submitFollowUp({ token: params.token ?? "", role: "manager", values });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result
    ? invalid({ form: followUpClosedMessage("manager", result.closed) }, values, 409)
    : invalid(result.errors, values, 400);
}

export default function ManagerFollowUp() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <FeedbackPage
      caption={`${d.programmeTitle}, ${d.on}`}
      title={`Since ${d.attendeeName}'s training`}
      introduction={
        <>
          <p className="govuk-body">
            {d.introduction ||
              `${d.attendeeName} named you as their line manager when booking this session. We would like to know whether you have seen a change in practice since.`}
          </p>
          <p className="govuk-body">Your answers and theirs are kept apart: neither of you sees the other&apos;s.</p>
          {d.submittedAt && !d.anonymous ? (
            <div className="govuk-inset-text">
              You answered on {formatDateTime(new Date(d.submittedAt))}. Your answers are below; you can change them until{" "}
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
            <Link className="govuk-link" to={`/follow-up/manager/${d.token}`}>
              change your answers
            </Link>{" "}
            until {formatDateTime(new Date(d.closesAt))}.
          </p>
        )
      }
      values={result?.values ?? d.previous}
      errors={result?.errors}
      submitLabel={d.submittedAt ? "Save my changes" : "Send my answers"}
    />
  );
}
