import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { ATTENDEE_FIELD_ORDER, AttendeeFields, PrivacyConsent } from "~/components/booking-fields";
import { ErrorSummary, Honeypot } from "~/components/forms";
import { placesLabel } from "~/components/sessions";
import { attendeeFromForm, createBooking, publicBookingSchema, REFUSAL_MESSAGES } from "~/models/booking.server";
import { listStaffDepartments } from "~/models/compulsory.server";
import { getPublicSession } from "~/models/session.server";
import { getTrainingContact } from "~/models/settings.server";
import { formatDateTime, formatTimeRange } from "~/utils/dates";
import { parseForm, str } from "~/utils/forms";
import { invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

import { CATEGORY_LABELS } from "../../domain/vocabulary";

export { passThroughHeaders as headers } from "~/utils/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.session.programmeTitle ?? "Session");

function sessionIdFrom(params: { sessionId?: string }) {
  const id = Number(params.sessionId);
  if (!Number.isInteger(id) || id <= 0) throw notFound("Session not found");
  return id;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const session = getPublicSession({ sessionId: sessionIdFrom(params) });
  const bookable = session.state === "open" || session.state === "waiting_list";
  return {
    session,
    contact: session.state === "closed" ? getTrainingContact() : null,
    staffDepartments: bookable ? listStaffDepartments() : [],
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = sessionIdFrom(params);
  const formData = await request.formData();
  const form = parseForm(formData, publicBookingSchema);
  const values = Object.fromEntries(ATTENDEE_FIELD_ORDER.map((k) => [k, str(form.values, k)]));

  const refused = await refusePublicPost({
    values: form.values,
    shown: values,
    clientAddress: context.clientAddress,
    names: { form: "the booking form", sent: "booking" },
  });
  if (refused) return refused;
  const read = attendeeFromForm(form);
  if (!read.ok) return invalid(read.errors, values, 400);

  const result = createBooking({ sessionId, attendee: read.attendee, source: "online" });
  if (result.ok) return redirect(`/booking/${result.manageToken}`, 303);
  if (result.reason === "duplicate") {
    // Never show the existing booking to whoever typed the email: the link goes to the inbox.
    return data({ duplicate: read.attendee.email, errors: null, values: null }, { status: 200 });
  }
  return invalid({ form: REFUSAL_MESSAGES[result.reason] }, values, 409);
}

export default function SessionPage() {
  const { session, contact, staffDepartments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : null;
  const values = result && "values" in result ? result.values : null;
  const duplicate = result && "duplicate" in result ? result.duplicate : null;
  const startsAt = new Date(session.startsAt);
  const endsAt = new Date(session.endsAt);
  const bookable = session.state === "open" || session.state === "waiting_list";

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/events" className="govuk-back-link">
          All upcoming events
        </Link>
        <ErrorSummary errors={errors} order={["form", ...ATTENDEE_FIELD_ORDER]} />
        {duplicate ? (
          <div
            className="govuk-notification-banner"
            role="region"
            aria-labelledby="duplicate-title"
            data-module="govuk-notification-banner"
          >
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="duplicate-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">You have already booked this session.</p>
              <p className="govuk-body">{`We have sent the link to manage your booking to ${duplicate}.`}</p>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">
          {CATEGORY_LABELS[session.category]}
          {session.seriesLabel ? ` · ${session.seriesLabel}` : ""}
        </span>
        <h1 className="govuk-heading-l">{session.programmeTitle}</h1>
        <p className="govuk-body-l">{session.summary}</p>
        {bookable ? (
          // On a phone the form starts far down the page, below the details and aims.
          <p className="govuk-body">
            <a className="govuk-link govuk-link--no-visited-state" href="#book" data-testid="jump-to-book">
              {session.state === "waiting_list" ? "Join the waiting list" : "Book a place"}
            </a>
          </p>
        ) : null}

        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{formatTimeRange(startsAt, endsAt)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Where</dt>
            <dd className="govuk-summary-list__value">
              {session.online ? "Online — the joining link is sent when your place is confirmed" : session.venue}
            </dd>
          </div>
          {session.audience ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Who it is for</dt>
              <dd className="govuk-summary-list__value">{session.audience}</dd>
            </div>
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Places</dt>
            <dd className="govuk-summary-list__value" data-testid="places">
              {session.state === "cancelled" ? "Cancelled" : placesLabel(session.placesLeft)}
            </dd>
          </div>
          {bookable ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Booking closes</dt>
              <dd className="govuk-summary-list__value">{formatDateTime(new Date(session.bookingClosesAt))}</dd>
            </div>
          ) : null}
        </dl>

        {session.aims.length ? (
          <>
            <h2 className="govuk-heading-m">What the session aims to do</h2>
            <ul className="govuk-list govuk-list--bullet">
              {session.aims.map((aim) => (
                <li key={aim}>{aim}</li>
              ))}
            </ul>
          </>
        ) : null}
        {session.description ? <p className="govuk-body">{session.description}</p> : null}

        {session.state === "cancelled" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            This session has been cancelled{session.cancelledReason ? `: ${session.cancelledReason}` : ""}.{" "}
            <Link className="govuk-link" to="/events">
              See other sessions
            </Link>
            .
          </div>
        ) : session.state === "started" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            This session has already taken place.{" "}
            <Link className="govuk-link" to="/events">
              See upcoming sessions
            </Link>
            .
          </div>
        ) : session.state === "closed" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            <p className="govuk-body">Booking for this session has closed.</p>
            {contact ? (
              <p className="govuk-body govuk-!-margin-bottom-0">
                If you need a place, contact the training team:{" "}
                <a className="govuk-link" href={`mailto:${contact.email}`}>
                  {contact.email}
                </a>
                {contact.phone ? (
                  <>
                    {" "}
                    or{" "}
                    <a className="govuk-link" href={`tel:${contact.phone.replace(/\s+/g, "")}`}>
                      {contact.phone}
                    </a>
                  </>
                ) : null}
                .
              </p>
            ) : null}
          </div>
        ) : (
          <>
            <h2 className="govuk-heading-l govuk-!-margin-top-6" id="book">
              {session.state === "waiting_list" ? "Join the waiting list" : "Book a place"}
            </h2>
            {session.state === "waiting_list" ? (
              <p className="govuk-body">
                This session is full. If you join the waiting list and a place becomes free, it goes to the first person waiting and we
                email you.
              </p>
            ) : null}
            <Form method="post" noValidate aria-labelledby="book">
              <Honeypot />
              <AttendeeFields
                values={values}
                errors={errors}
                staffDepartments={staffDepartments}
                lineManagerWeeks={session.lineManagerWeeks}
              />
              <PrivacyConsent purpose="run this session and report on our training" values={values} error={errors?.consent} />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                {session.state === "waiting_list" ? "Join the waiting list" : "Book a place"}
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
