import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, TextInput } from "~/components/forms";
import { getBookingByManageToken } from "~/models/booking.server";
import { earnsCertificate } from "~/models/certificate.server";
import { checkInIsOpen, checkInWithManageLink } from "~/models/check-in.server";
import { bookingReference } from "~/utils/booking-reference";
import { clock } from "~/utils/clock.server";
import { formatTimeRange } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { SECTOR_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "Your booking"),
  { name: "robots", content: "noindex, nofollow" },
];

// The address is the key to this booking: never cached by a shared proxy or the back-forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const { booking, session, programme, position } = getBookingByManageToken({ token: params.token ?? "" });
  const now = clock();
  return {
    token: params.token!,
    status: booking.status,
    reference: bookingReference(booking.id),
    position,
    cancellationReason: booking.cancellationReason,
    cancelledBy: booking.cancelledBy,
    name: booking.name,
    email: booking.email,
    organisation: booking.organisationName,
    sector: booking.sector,
    jobRole: booking.jobRole,
    department: booking.department,
    accessNeeds: booking.accessNeeds,
    programmeTitle: programme.title,
    sessionId: session.id,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    venue: session.venue,
    // The joining link and notes are for people with a place.
    onlineUrl: booking.status === "confirmed" ? session.onlineUrl : null,
    online: Boolean(session.onlineUrl) && !session.venue,
    notes: booking.status === "confirmed" ? session.notesForAttendees : "",
    sessionCancelled: session.status === "cancelled",
    canCancel: booking.status !== "cancelled" && session.status === "scheduled" && session.startsAt > now,
    certificate: earnsCertificate({ booking, session }, now),
    ended: session.endsAt <= now,
    attendance: booking.attendance,
    // In the room: the code on the screen checks them in, their link says who they are (ADR 024).
    checkIn: booking.status === "confirmed" && checkInIsOpen(session, now) ? { attended: booking.attendance === "attended" } : null,
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const schema = z.object({ code: z.string().max(200).default("") });
  const { booking, session } = getBookingByManageToken({ token: params.token ?? "" });
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  const typed = parsed.success ? parsed.data.code : "";
  const result = checkInWithManageLink({ booking, session, typed, now: clock() });
  if ("error" in result) return data({ error: result.error, typed: typed.slice(0, 40), checkedIn: false }, { status: 400 });
  return { error: null, typed: "", checkedIn: true };
}

export default function ManageBooking() {
  const b = useLoaderData<typeof loader>();
  const checkInResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const when = formatTimeRange(new Date(b.startsAt), new Date(b.endsAt));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={checkInResult?.error ? { code: checkInResult.error } : null} />
        <h1 className="govuk-heading-l">Your booking</h1>
        {b.checkIn ? (
          checkInResult?.checkedIn || b.checkIn.attended ? (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="status" data-testid="manage-checked-in">
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">You are checked in. Enjoy the session.</p>
              </div>
            </div>
          ) : (
            <Form method="post" noValidate className="app-manage-check-in">
              <h2 className="govuk-heading-m">Check in</h2>
              <TextInput
                name="code"
                label="The code on the screen in the room"
                hint="It changes every minute. Or scan the QR code on the screen with your phone's camera."
                widthClass="govuk-input--width-10"
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="characters"
                defaultValue={checkInResult?.typed ?? ""}
                error={checkInResult?.error ?? undefined}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                Check in
              </button>
            </Form>
          )
        ) : null}
        <div data-booking-status={b.status} data-testid="booking-status">
          {b.status === "confirmed" && b.ended ? (
            // Afterwards the page is the record of it, and where the certificate is.
            b.attendance === "attended" ? (
              <div className="govuk-panel govuk-panel--confirmation">
                <h2 className="govuk-panel__title">You attended</h2>
                <div className="govuk-panel__body">{when}</div>
              </div>
            ) : (
              <div className="govuk-inset-text">This session took place on {when}.</div>
            )
          ) : b.status === "confirmed" ? (
            <>
              <div className="govuk-panel govuk-panel--confirmation">
                <h2 className="govuk-panel__title">Your place is confirmed</h2>
                <div className="govuk-panel__body">
                  {when}
                  <br />
                  Your booking reference is <strong data-testid="booking-reference">{b.reference}</strong>
                </div>
              </div>
              <p className="govuk-body" data-testid="sent-to">
                We have sent your confirmation and a calendar invite to <strong>{b.email}</strong>.
              </p>
            </>
          ) : b.status === "waitlisted" ? (
            <div className="govuk-notification-banner" role="region" aria-labelledby="status-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="status-title">
                  Waiting list
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">
                  You are number <span data-testid="waitlist-position">{b.position}</span> on the waiting list.
                </p>
                <p className="govuk-body">If a place becomes free, it goes to the first person waiting and we will email you.</p>
                <p className="govuk-body" data-testid="sent-to">
                  We have emailed <strong>{b.email}</strong> to say you are on the list. Your booking reference is{" "}
                  <strong data-testid="booking-reference">{b.reference}</strong>.
                </p>
              </div>
            </div>
          ) : (
            <div className="govuk-notification-banner" role="region" aria-labelledby="status-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="status-title">
                  Cancelled
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">
                  {b.sessionCancelled ? "This session has been cancelled." : "This booking has been cancelled."}
                </p>
                {b.cancellationReason ? <p className="govuk-body">{b.cancellationReason}</p> : null}
                <p className="govuk-body">
                  <Link className="govuk-link" to="/events">
                    See other sessions
                  </Link>
                </p>
              </div>
            </div>
          )}
        </div>

        {b.certificate ? (
          <>
            <h2 className="govuk-heading-m">Certificate of attendance</h2>
            <p className="govuk-body">
              Your certificate shows the session&apos;s length for your continuing professional development (CPD) record, and a code that
              anyone you show it to can use to check it is genuine.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/booking/${b.token}/certificate.pdf`} download data-testid="certificate-link">
                Download your certificate of attendance (PDF, 1 page)
              </a>
            </p>
          </>
        ) : null}

        <h2 className="govuk-heading-m">The session</h2>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">What</dt>
            <dd className="govuk-summary-list__value">
              <Link className="govuk-link" to={`/events/${b.sessionId}`}>
                {b.programmeTitle}
              </Link>
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{when}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Where</dt>
            <dd className="govuk-summary-list__value">
              {b.venue ? <p className="govuk-body govuk-!-margin-bottom-1">{b.venue}</p> : null}
              {b.onlineUrl ? (
                <a className="govuk-link" href={b.onlineUrl} rel="noreferrer">
                  Join online
                </a>
              ) : b.online ? (
                "Online"
              ) : null}
            </dd>
          </div>
          {b.notes ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Before you come</dt>
              <dd className="govuk-summary-list__value">{b.notes}</dd>
            </div>
          ) : null}
        </dl>

        {b.status === "confirmed" && !b.ended ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/booking/${b.token}/calendar.ics`} download>
              Add this session to your calendar (.ics file)
            </a>
          </p>
        ) : null}

        <h2 className="govuk-heading-m">Your details</h2>
        <dl className="govuk-summary-list">
          {[
            ["Booking reference", b.reference],
            ["Name", b.name],
            ["Email address", b.email],
            ["Organisation", `${b.organisation} (${SECTOR_LABELS[b.sector]})`],
            ["Job role", b.jobRole],
            ["Department or team", b.department ?? "Not given"],
            ["Access needs", b.accessNeeds ?? "None given"],
          ].map(([k, v]) => (
            <div className="govuk-summary-list__row" key={k}>
              <dt className="govuk-summary-list__key">{k}</dt>
              <dd className="govuk-summary-list__value">{v}</dd>
            </div>
          ))}
        </dl>
        <p className="govuk-body">Keep this page&apos;s address private: anyone with it can see and cancel this booking.</p>

        {b.canCancel ? (
          <Link to={`/booking/${b.token}/cancel`} className="govuk-button govuk-button--warning" data-module="govuk-button">
            {b.status === "waitlisted" ? "Leave the waiting list" : "Cancel my booking"}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
