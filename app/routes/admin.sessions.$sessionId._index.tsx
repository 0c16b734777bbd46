import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { CopyLink } from "~/components/copy-link";
import { PersonEmails } from "~/components/email-status";
import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { BookingRuleError, listBookingsForSession, promoteBooking } from "~/models/booking.server";
import { feedbackGivenByBooking } from "~/models/feedback.server";
import { emailsBySessionBooking } from "~/models/outbox-admin.server";
import { sessionHistory } from "~/models/session-history.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatDateTime, formatShortDate, formatTimeRange } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { idParam } from "~/utils/http.server";
import { isLocale, LOCALES } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

import { ATTENDANCE_LABELS, SECTOR_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data ? `${data.programme.title}, ${formatShortDate(new Date(data.session.startsAt))}` : "Session");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const detail = getSessionForAdmin({ sessionId });
  return {
    ...detail,
    bookings: listBookingsForSession({ sessionId }),
    feedbackGiven: Object.fromEntries(feedbackGivenByBooking({ sessionId })),
    emails: emailsBySessionBooking({ sessionId }),
    bookingPage: `${getEnv().PUBLIC_URL}/events/${sessionId}`,
    history: sessionHistory({ sessionId }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actionSchema = z.object({ intent: z.literal("promote"), bookingId: z.coerce.number().int().positive() });
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "That request was not understood. Please try again." }, { status: 400 });
  const booking = listBookingsForSession({ sessionId }).waitlisted.find((b) => b.id === parsed.data.bookingId);
  if (!booking) return data({ error: "That person is no longer on this session's waiting list." }, { status: 409 });
  try {
    promoteBooking({ bookingId: booking.id, userId: user.id, ipAddress: context.clientAddress });
  } catch (error) {
    if (error instanceof BookingRuleError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  return redirectWithNotice(request, `/admin/sessions/${sessionId}`, `${booking.name} now has a place.`);
}

export default function SessionBookings() {
  const {
    session,
    programme,
    confirmed,
    waitlisted,
    facilitatorName,
    seriesLabel,
    past,
    started,
    bookings,
    history,
    feedbackGiven,
    emails,
    bookingPage,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const cancelled = session.status === "cancelled";
  const editable = !cancelled && !past;
  return (
    <>
      <BackLink to={`/admin/programmes/${programme.id}`}>{programme.title}</BackLink>
      <ErrorSummary errors={result?.error ? { form: result.error } : null} />
      <span className="govuk-caption-l">
        {programme.title}
        {seriesLabel ? ` · ${seriesLabel}` : ""}
      </span>
      <h1 className="govuk-heading-l">
        {formatTimeRange(new Date(session.startsAt), new Date(session.endsAt))}
        {cancelled ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-2">Cancelled</strong> : null}
      </h1>
      {cancelled ? <p className="govuk-inset-text">Cancelled: {session.cancelledReason}</p> : null}

      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Where</dt>
          <dd className="govuk-summary-list__value">
            {session.venue ? <span>{session.venue}</span> : null}
            {session.venue && session.onlineUrl ? <br /> : null}
            {session.onlineUrl ? <span>Online: {session.onlineUrl}</span> : null}
          </dd>
        </div>
        {!cancelled && !past ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Booking page</dt>
            <dd className="govuk-summary-list__value">
              <CopyLink url={bookingPage} what="the session's booking page" testId="booking-page-link" />
            </dd>
          </div>
        ) : null}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Places</dt>
          <dd className="govuk-summary-list__value" data-testid="place-counts">
            {confirmed} of {session.capacity} booked, {waitlisted} waiting
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Booking closes</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(new Date(session.bookingClosesAt))}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Facilitator</dt>
          <dd className="govuk-summary-list__value">{facilitatorName ?? "Not assigned"}</dd>
        </div>
        {session.notesForAttendees ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Notes for attendees</dt>
            <dd className="govuk-summary-list__value">{session.notesForAttendees}</dd>
          </div>
        ) : null}
      </dl>

      <div className="govuk-button-group">
        {!cancelled ? (
          <Link to={`/admin/sessions/${session.id}/register`} className="govuk-button" data-module="govuk-button">
            Attendance register
          </Link>
        ) : null}
        {editable ? (
          <Link to={`/admin/sessions/${session.id}/edit`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Change session
          </Link>
        ) : null}
        {!started && !cancelled ? (
          <Link
            to={`/admin/sessions/${session.id}/bookings/new`}
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            Add a booking
          </Link>
        ) : null}
        <Link
          to={`/admin/programmes/${programme.id}/sessions/new?from=${session.id}`}
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
        >
          Duplicate
        </Link>
      </div>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to={`/admin/sessions/${session.id}/feedback`}>
            Feedback: links, QR code for the room and responses
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to={`/admin/sessions/${session.id}/sign-in-sheet`}>
            Printable sign-in sheet
          </Link>
        </li>
        <li>
          <a className="govuk-link" href={`/admin/sessions/${session.id}/attendees.csv`} download>
            Download the attendee list (CSV)
          </a>
        </li>
        {editable ? (
          <li>
            <Link className="govuk-link" to={`/admin/sessions/${session.id}/cancel`}>
              Cancel this session
            </Link>
          </li>
        ) : null}
      </ul>

      <h2 className="govuk-heading-m">Confirmed ({bookings.confirmed.length})</h2>
      {bookings.confirmed.length ? (
        <table className="govuk-table" data-testid="confirmed-bookings">
          <caption className="govuk-table__caption govuk-visually-hidden">Confirmed bookings</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Organisation
              </th>
              <th scope="col" className="govuk-table__header">
                Job role
              </th>
              <th scope="col" className="govuk-table__header">
                Attendance
              </th>
              <th scope="col" className="govuk-table__header">
                Feedback
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {bookings.confirmed.map((b) => (
              <tr key={b.id} id={`b-${b.id}`} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {b.name}
                  <br />
                  <span className="govuk-body-s app-meta">{b.email}</span>
                  <EmailLanguage locale={b.locale} />
                  <PersonEmails sessionId={session.id} name={b.name} emails={emails[b.id]} />
                  {b.accessNeeds ? (
                    <>
                      <br />
                      <strong className="govuk-tag govuk-tag--yellow">Access needs</strong>{" "}
                      <span className="govuk-body-s">{b.accessNeeds}</span>
                    </>
                  ) : null}
                </td>
                <td className="govuk-table__cell">
                  {b.organisationName}
                  <br />
                  <span className="govuk-body-s app-meta">{SECTOR_LABELS[b.sector]}</span>
                </td>
                <td className="govuk-table__cell">{b.jobRole}</td>
                <td className="govuk-table__cell">{ATTENDANCE_LABELS[b.attendance]}</td>
                <td className="govuk-table__cell">
                  {feedbackGiven[b.id] ? <strong className="govuk-tag govuk-tag--green">Given</strong> : null}{" "}
                  <a className="govuk-link" href={`/feedback/${b.feedbackToken}`} rel="nofollow">
                    Link<span className="govuk-visually-hidden"> to {b.name}&apos;s feedback form (copy it to send)</span>
                  </a>
                </td>
                <td className="govuk-table__cell app-table-actions">
                  {!started ? (
                    <>
                      <Link className="govuk-link govuk-!-margin-right-2" to={`/admin/bookings/${b.id}/move`}>
                        Move<span className="govuk-visually-hidden"> {b.name}</span>
                      </Link>{" "}
                    </>
                  ) : null}
                  <Link className="govuk-link" to={`/admin/bookings/${b.id}/cancel`}>
                    Cancel<span className="govuk-visually-hidden"> {b.name}&apos;s booking</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">Nobody has a confirmed place yet.</p>
      )}

      <h2 className="govuk-heading-m">Waiting list ({bookings.waitlisted.length})</h2>
      {bookings.waitlisted.length ? (
        <table className="govuk-table" data-testid="waiting-list">
          <caption className="govuk-table__caption govuk-visually-hidden">Waiting list, in order</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Position
              </th>
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Organisation
              </th>
              <th scope="col" className="govuk-table__header">
                Joined
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {bookings.waitlisted.map((b) => (
              <tr key={b.id} id={`b-${b.id}`} className="govuk-table__row">
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.position}</td>
                <td className="govuk-table__cell">
                  {b.name}
                  <EmailLanguage locale={b.locale} />
                  <PersonEmails sessionId={session.id} name={b.name} emails={emails[b.id]} />
                </td>
                <td className="govuk-table__cell">{b.organisationName}</td>
                <td className="govuk-table__cell">{formatShortDate(new Date(b.createdAt))}</td>
                <td className="govuk-table__cell app-table-actions">
                  {!started && !cancelled && confirmed < session.capacity ? (
                    <Form method="post" className="app-inline-form">
                      <input type="hidden" name="bookingId" value={b.id} />
                      <button type="submit" name="intent" value="promote" className="app-button-link">
                        Give a place<span className="govuk-visually-hidden"> to {b.name}</span>
                      </button>
                    </Form>
                  ) : null}{" "}
                  <Link className="govuk-link" to={`/admin/bookings/${b.id}/cancel`}>
                    Remove<span className="govuk-visually-hidden"> {b.name} from the waiting list</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">Nobody is waiting.</p>
      )}
      {bookings.waitlisted.length && confirmed >= session.capacity && !started && !cancelled ? (
        <p className="govuk-body">The session is full. Raise the number of places to give places to people waiting, in order.</p>
      ) : null}

      <h2 className="govuk-heading-m">Cancelled ({bookings.cancelled.length})</h2>
      {bookings.cancelled.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Cancelled bookings</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Organisation
              </th>
              <th scope="col" className="govuk-table__header">
                Cancelled
              </th>
              <th scope="col" className="govuk-table__header">
                Reason
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {bookings.cancelled.map((b) => (
              <tr key={b.id} id={`b-${b.id}`} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {b.name}
                  <PersonEmails sessionId={session.id} name={b.name} emails={emails[b.id]} cancelled />
                </td>
                <td className="govuk-table__cell">{b.organisationName}</td>
                <td className="govuk-table__cell">
                  {b.cancelledAt ? formatShortDate(new Date(b.cancelledAt)) : ""} by{" "}
                  {b.cancelledBy === "attendee" ? "the attendee" : "an organiser"}
                </td>
                <td className="govuk-table__cell">{b.cancellationReason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No cancellations.</p>
      )}

      {history.length ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">History of this session</span>
          </summary>
          <div className="govuk-details__text">
            <ul className="govuk-list">
              {history.map((h) => (
                <li key={h.id} data-testid="history-entry">
                  {formatDateTime(new Date(h.createdAt))}: {h.text} ({h.who})
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}
    </>
  );
}

/** Where someone booked in another language: their emails are in it (ADR 028), worth knowing before phoning them. */
function EmailLanguage({ locale }: { locale: string }) {
  if (!isLocale(locale) || locale === "en") return null;
  return (
    <>
      <br />
      <span className="govuk-body-s app-meta" data-testid="email-language">
        Emails in {LOCALES[locale].english}
      </span>
    </>
  );
}
