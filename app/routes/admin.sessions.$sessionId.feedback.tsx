import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { BackLink } from "~/components/layout";
import { QrPoster } from "~/components/qr-poster";
import { listBookingsForSession } from "~/models/booking.server";
import {
  countSessionResponses,
  ensureSessionFeedbackToken,
  feedbackClosesAt,
  feedbackGivenByBooking,
  setSessionFeedbackClosed,
} from "~/models/feedback.server";
import { getEvaluationFormId } from "~/models/form.server";
import { getProgramme, publicProgrammeTitle } from "~/models/programme.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { clock } from "~/utils/clock.server";
import { formatDateTime, formatTimeRange } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { qrSvg } from "~/utils/qr.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Session feedback");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const { session, programme } = getSessionForAdmin({ sessionId });
  const full = getProgramme({ programmeId: programme.id });
  const env = getEnv();
  const anonymousUrl = `${env.PUBLIC_URL}/feedback/session/${ensureSessionFeedbackToken({ sessionId })}`;
  const poster = new URL(request.url).searchParams.get("print") === "qr";
  const closesAt = feedbackClosesAt(session, full);
  const { confirmed } = listBookingsForSession({ sessionId });
  const given = feedbackGivenByBooking({ sessionId });
  return {
    poster,
    svg: poster ? await qrSvg(anonymousUrl) : null,
    sessionId,
    programmeTitle: programme.title,
    // The poster goes up in the room: a sensitive programme's neutral title.
    posterTitle: publicProgrammeTitle(full),
    when: formatTimeRange(session.startsAt, session.endsAt),
    anonymousUrl,
    formId: getEvaluationFormId({ programmeId: programme.id }),
    responses: countSessionResponses({ sessionId }),
    closesAt,
    open: closesAt > clock(),
    attendees: confirmed.map((b) => ({
      id: b.id,
      name: b.name,
      attendance: b.attendance,
      given: given.get(b.id) ?? false,
      url: `${env.PUBLIC_URL}/feedback/${b.feedbackToken}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actionSchema = z.object({ intent: z.enum(["close", "reopen"]) });
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  getSessionForAdmin({ sessionId });
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("That request was not understood", { status: 400 });
  setSessionFeedbackClosed({ sessionId, closed: parsed.data.intent === "close", userId: user.id });
  return redirectWithNotice(
    request,
    `/admin/sessions/${sessionId}/feedback`,
    parsed.data.intent === "close" ? "Feedback closed for this session." : "Feedback reopened for this session.",
  );
}

export default function SessionFeedbackAdmin() {
  const d = useLoaderData<typeof loader>();
  if (d.poster && d.svg) {
    return (
      <QrPoster
        svg={d.svg}
        url={d.anonymousUrl}
        title={d.posterTitle}
        subtitle={`Feedback on the session, ${d.when}`}
        backTo={`/admin/sessions/${d.sessionId}/feedback`}
      />
    );
  }
  return (
    <>
      <BackLink to={`/admin/sessions/${d.sessionId}`}>Back to the session</BackLink>
      <span className="govuk-caption-l">
        {d.programmeTitle}, {d.when}
      </span>
      <h1 className="govuk-heading-l">Feedback</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Responses</dt>
          <dd className="govuk-summary-list__value" data-testid="session-responses">
            {d.responses}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Feedback {d.open ? "closes" : "closed"}</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(new Date(d.closesAt))}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Anonymous link for the room</dt>
          <dd className="govuk-summary-list__value">
            <code data-testid="anonymous-link">{d.anonymousUrl}</code>
            <br />
            <Link className="govuk-link" to="?print=qr">
              Printable QR code
            </Link>
          </dd>
        </div>
      </dl>
      <div className="govuk-button-group">
        {d.formId ? (
          <Link to={`/admin/forms/${d.formId}`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Change the questions
          </Link>
        ) : null}
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value={d.open ? "close" : "reopen"}
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            {d.open ? "Close feedback now" : "Reopen feedback"}
          </button>
        </Form>
      </div>

      <h2 className="govuk-heading-m">Each attendee&apos;s own link</h2>
      <p className="govuk-body">
        The feedback request email carries these. Each works for one person only, and lets them change their answers until feedback closes.
        Keep them private.
      </p>
      {d.attendees.length ? (
        <table className="govuk-table" data-testid="attendee-feedback-links">
          <caption className="govuk-table__caption govuk-visually-hidden">Attendees' feedback links</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Feedback
              </th>
              <th scope="col" className="govuk-table__header">
                Their link
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.attendees.map((a) => (
              <tr key={a.id} className="govuk-table__row">
                <td className="govuk-table__cell">{a.name}</td>
                <td className="govuk-table__cell">
                  {a.given ? (
                    <strong className="govuk-tag govuk-tag--green">Given</strong>
                  ) : a.attendance === "no_show" ? (
                    "Did not attend"
                  ) : (
                    "Not yet"
                  )}
                </td>
                <td className="govuk-table__cell">
                  <input className="govuk-input" readOnly value={a.url} aria-label={`Feedback link for ${a.name}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">Nobody has a confirmed place.</p>
      )}
    </>
  );
}
