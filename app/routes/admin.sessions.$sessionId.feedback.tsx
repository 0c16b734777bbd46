import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { CopyLink } from "~/components/copy-link";
import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { QrPoster } from "~/components/qr-poster";
import { listBookingsForSession } from "~/models/booking.server";
import { ensureSessionFeedbackToken, feedbackClosesAt, feedbackGivenByBooking, setSessionFeedbackClosed } from "~/models/feedback.server";
import { getEvaluationFormId } from "~/models/form.server";
import { getProgramme, publicProgrammeTitle } from "~/models/programme.server";
import {
  listRoomLinkResponses,
  sessionResponseCounts,
  setResponseVoided,
  voidSchema,
  type RoomLinkResponse,
} from "~/models/response-count.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { clock } from "~/utils/clock.server";
import { formatDateTime, formatTimeRange } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { formValues, type FieldErrors, type FormValues } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
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
    counts: sessionResponseCounts({ sessionId }),
    room: listRoomLinkResponses({ sessionId }).map((r) => ({
      ...r,
      submittedAt: formatDateTime(r.submittedAt),
      replacedAt: r.replacedAt ? formatDateTime(r.replacedAt) : null,
    })),
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
  const values = formValues(await request.formData());
  if (values.intent === "void" || values.intent === "restore") {
    const restoring = values.intent === "restore";
    const checked = voidSchema.safeParse(restoring ? { ...values, reason: "-" } : values);
    if (!checked.success) {
      const reasonError = checked.error.issues.find((i) => i.path[0] === "reason");
      if (!reasonError) throw new Response("That request was not understood", { status: 400 });
      return invalid({ [`reason-${String(values.responseId)}`]: reasonError.message }, values, 400);
    }
    setResponseVoided({ sessionId, responseId: checked.data.responseId, reason: checked.data.reason, restore: restoring, userId: user.id });
    return redirectWithNotice(
      request,
      `/admin/sessions/${sessionId}/feedback#room-link-responses`,
      restoring ? "The response counts again." : "The response no longer counts in any figure.",
    );
  }
  const parsed = actionSchema.safeParse(values);
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
  const result = useActionData<typeof action>();
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
      <ErrorSummary errors={result?.errors} />
      <BackLink to={`/admin/sessions/${d.sessionId}`}>Back to the session</BackLink>
      <span className="govuk-caption-l">
        {d.programmeTitle}, {d.when}
      </span>
      <h1 className="govuk-heading-l">Feedback</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Responses counted</dt>
          <dd className="govuk-summary-list__value">
            <span data-testid="session-responses">{d.counts.counted}</span> of {d.counts.expected}{" "}
            {d.counts.expected === 1 ? "person" : "people"} expected to respond
            {d.counts.room.held || d.counts.room.voided ? (
              <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0" data-testid="room-link-summary">
                Through the room link: {d.counts.room.held} held, {d.counts.room.counted} counted
                {d.counts.room.over ? `, ${d.counts.room.over} not counted because there are more responses than people who came` : ""}
                {d.counts.room.voided ? `; ${d.counts.room.voided} voided` : ""}.
              </p>
            ) : null}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Feedback {d.open ? "closes" : "closed"}</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(new Date(d.closesAt))}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Anonymous link for the room</dt>
          <dd className="govuk-summary-list__value">
            <CopyLink url={d.anonymousUrl} what="the room's feedback form" testId="anonymous-link" />
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

      <RoomLinkResponses room={d.room} errors={result?.errors} values={result?.values} />

      <h2 className="govuk-heading-m">Each attendee&apos;s own link</h2>
      <p className="govuk-body">
        The feedback request email carries these. Each works for one person only, and lets them change their answers until feedback closes.
        Keep them private.
      </p>
      {d.attendees.length ? (
        <div className="app-table-scroll" role="region" aria-label="Attendees' feedback links" tabIndex={0}>
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
        </div>
      ) : (
        <p className="govuk-body">Nobody has a confirmed place.</p>
      )}
    </>
  );
}

const STATUS = {
  counted: <strong className="govuk-tag govuk-tag--green">Counted</strong>,
  over: <strong className="govuk-tag govuk-tag--yellow">Not counted: more responses than people who came</strong>,
  voided: <strong className="govuk-tag govuk-tag--grey">Voided</strong>,
};

/** Each room-link response, so an organiser can void one that is not genuine (ADR 009). */
function RoomLinkResponses({
  room,
  errors,
  values,
}: {
  room: Array<Omit<RoomLinkResponse, "submittedAt" | "replacedAt"> & { submittedAt: string; replacedAt: string | null }>;
  errors?: FieldErrors | null;
  values?: FormValues | null;
}) {
  return (
    <>
      <h2 className="govuk-heading-m" id="room-link-responses">
        Responses through the room link
      </h2>
      <p className="govuk-body">
        Anyone with the room link can answer, so it counts answers only up to the number of people expected to respond, after those given
        through attendees&apos; own links, in the order they arrived. A second answer from the same phone or computer replaces the first. If
        a response is not genuine (sent twice, or by someone who was not there), void it: it then counts in no figure, and the next response
        waiting takes its place.
      </p>
      {room.length ? (
        <div className="app-table-scroll" role="region" aria-label="Responses through the room link" tabIndex={0}>
          <table className="govuk-table" data-testid="room-link-responses">
            <caption className="govuk-table__caption govuk-visually-hidden">Responses through the room link</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Sent
                </th>
                <th scope="col" className="govuk-table__header">
                  Comments
                </th>
                <th scope="col" className="govuk-table__header">
                  Counted?
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {room.map((r) => {
                const error = errors?.[`reason-${r.id}`];
                return (
                  <tr key={r.id} className="govuk-table__row" data-testid={`room-response-${r.id}`}>
                    <td className="govuk-table__cell">
                      {r.submittedAt}
                      {r.replacedAt ? <div className="govuk-body-s govuk-!-margin-0">Answers replaced {r.replacedAt}</div> : null}
                      {r.sameDeviceAsEarlier ? (
                        <div className="govuk-body-s govuk-!-margin-0">
                          <strong>Same device as an earlier response</strong>
                        </div>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">{r.comments || <span className="govuk-hint govuk-!-margin-0">No comments</span>}</td>
                    <td className="govuk-table__cell">
                      {STATUS[r.status]}
                      {r.voidReason ? <div className="govuk-body-s govuk-!-margin-0">{r.voidReason}</div> : null}
                    </td>
                    <td className="govuk-table__cell">
                      <Form method="post" noValidate>
                        <input type="hidden" name="responseId" value={r.id} />
                        {r.status === "voided" ? (
                          <button
                            type="submit"
                            name="intent"
                            value="restore"
                            className="govuk-button govuk-button--secondary govuk-!-margin-0"
                            data-module="govuk-button"
                          >
                            Count it again
                          </button>
                        ) : (
                          <div className={`govuk-form-group govuk-!-margin-0${error ? " govuk-form-group--error" : ""}`}>
                            <label className="govuk-label govuk-label--s" htmlFor={`f-reason-${r.id}`}>
                              Why void it?
                            </label>
                            {error ? (
                              <p className="govuk-error-message" id={`f-reason-${r.id}-error`}>
                                <span className="govuk-visually-hidden">Error:</span> {error}
                              </p>
                            ) : null}
                            <input
                              className={`govuk-input govuk-!-width-full${error ? " govuk-input--error" : ""}`}
                              id={`f-reason-${r.id}`}
                              name="reason"
                              maxLength={200}
                              defaultValue={String(values?.responseId) === String(r.id) ? String(values?.reason ?? "") : ""}
                              aria-describedby={error ? `f-reason-${r.id}-error` : undefined}
                            />
                            <button
                              type="submit"
                              name="intent"
                              value="void"
                              className="govuk-button govuk-button--warning govuk-!-margin-top-2 govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
                              Void
                            </button>
                          </div>
                        )}
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="govuk-body">Nobody has answered through the room link.</p>
      )}
    </>
  );
}
