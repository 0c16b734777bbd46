import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { ATTENDEE_FIELD_ORDER, AttendeeFields, PrivacyConsent } from "~/components/booking-fields";
import { ErrorSummary, Honeypot } from "~/components/forms";
import { placesLabel } from "~/components/sessions";
import { attendeeFromForm, createBooking, publicBookingSchema, REFUSAL_MESSAGES } from "~/models/booking.server";
import { listStaffDepartments } from "~/models/compulsory.server";
import { localised, translationsIn } from "~/models/programme-translation.server";
import { getPublicSession } from "~/models/session.server";
import { getTrainingContact } from "~/models/settings.server";
import { parseForm, str } from "~/utils/forms";
import { invalid, notFound } from "~/utils/http.server";
import { translateErrors, translator, useDates, useT, type MessageKey } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { metaTranslator, pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export { passThroughHeaders as headers } from "~/utils/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.session.programmeTitle ?? metaTranslator(matches)("event.titleFallback"));

function sessionIdFrom(params: { sessionId?: string }) {
  const id = Number(params.sessionId);
  if (!Number.isInteger(id) || id <= 0) throw notFound("Session not found");
  return id;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requestLocale(request);
  const session = localised(getPublicSession({ sessionId: sessionIdFrom(params) }), locale, translationsIn({ locale }));
  const bookable = session.state === "open" || session.state === "waiting_list";
  return {
    session,
    contact: session.state === "closed" ? getTrainingContact() : null,
    staffDepartments: bookable ? listStaffDepartments() : [],
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = sessionIdFrom(params);
  const locale = requestLocale(request);
  const t = translator(locale);
  const formData = await request.formData();
  const form = parseForm(formData, publicBookingSchema);
  const values = Object.fromEntries(ATTENDEE_FIELD_ORDER.map((k) => [k, str(form.values, k)]));

  const refused = await refusePublicPost({
    values: form.values,
    shown: values,
    clientAddress: context.clientAddress,
    messages: { tooMany: t("booking.error.tooMany"), notAccepted: t("booking.error.notAccepted") },
  });
  if (refused) return refused;
  const read = attendeeFromForm(form);
  if (!read.ok) return invalid(translateErrors(read.errors, t), values, 400);

  const result = createBooking({ sessionId, attendee: read.attendee, source: "online", locale });
  if (result.ok) return redirect(`/booking/${result.manageToken}`, 303);
  if (result.reason === "duplicate") {
    // Never show the existing booking to whoever typed the email: the link goes to the inbox.
    return data({ duplicate: read.attendee.email, errors: null, values: null }, { status: 200 });
  }
  return invalid({ form: t(REFUSAL_MESSAGES[result.reason]) }, values, 409);
}

export default function SessionPage() {
  const { session, contact, staffDepartments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const dates = useDates();
  const english = t.locale === "en" ? undefined : "en";
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
          {t("event.back")}
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
                {t("event.duplicate.title")}
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{t("event.duplicate.heading")}</p>
              <p className="govuk-body">{t("event.duplicate.body", { email: duplicate })}</p>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">
          {t(`category.${session.category}` satisfies MessageKey)}
          {session.series ? ` · ${t("event.series", session.series)}` : ""}
        </span>
        <h1 className="govuk-heading-l" lang={session.titleLang ?? undefined}>
          {session.programmeTitle}
        </h1>
        <p className="govuk-body-l" lang={session.summaryLang ?? undefined}>
          {session.summary}
        </p>
        {bookable ? (
          // On a phone the form starts far down the page, below the details and aims.
          <p className="govuk-body">
            <a className="govuk-link govuk-link--no-visited-state" href="#book" data-testid="jump-to-book">
              {session.state === "waiting_list" ? t("event.joinWaitingList") : t("event.book")}
            </a>
          </p>
        ) : null}

        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("event.when")}</dt>
            <dd className="govuk-summary-list__value">{dates.timeRange(startsAt, endsAt)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("session.where")}</dt>
            <dd className="govuk-summary-list__value">{session.online ? t("event.online") : session.venue}</dd>
          </div>
          {session.audience ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{t("event.audience")}</dt>
              <dd className="govuk-summary-list__value" lang={english}>
                {session.audience}
              </dd>
            </div>
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("session.places")}</dt>
            <dd className="govuk-summary-list__value" data-testid="places">
              {session.state === "cancelled" ? t("event.cancelled") : placesLabel(session.placesLeft, t)}
            </dd>
          </div>
          {bookable ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{t("event.bookingCloses")}</dt>
              <dd className="govuk-summary-list__value">{dates.dateTime(new Date(session.bookingClosesAt))}</dd>
            </div>
          ) : null}
        </dl>

        {session.aims.length ? (
          <>
            <h2 className="govuk-heading-m">{t("event.aims")}</h2>
            <ul className="govuk-list govuk-list--bullet" lang={session.aimsLang ?? undefined}>
              {session.aims.map((aim) => (
                <li key={aim}>{aim}</li>
              ))}
            </ul>
          </>
        ) : null}
        {session.description ? (
          <p className="govuk-body" lang={english}>
            {session.description}
          </p>
        ) : null}

        {session.state === "cancelled" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            {session.cancelledReason ? (
              <>
                {t("event.cancelledBecause")} {english ? <span lang={english}>{session.cancelledReason}</span> : session.cancelledReason}.
              </>
            ) : (
              t("event.cancelledNoReason")
            )}{" "}
            <Link className="govuk-link" to="/events">
              {t("event.otherSessions")}
            </Link>
            .
          </div>
        ) : session.state === "started" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            {t("event.started")}{" "}
            <Link className="govuk-link" to="/events">
              {t("event.upcomingSessions")}
            </Link>
            .
          </div>
        ) : session.state === "closed" ? (
          <div className="govuk-inset-text" data-testid="booking-unavailable">
            <p className="govuk-body">{t("booking.refused.closed")}</p>
            {contact ? (
              <p className="govuk-body govuk-!-margin-bottom-0">
                {t.rich(contact.phone ? "event.closed.contactPhone" : "event.closed.contact", {
                  email: (
                    <a className="govuk-link" href={`mailto:${contact.email}`}>
                      {contact.email}
                    </a>
                  ),
                  phone: contact.phone ? (
                    <a className="govuk-link" href={`tel:${contact.phone.replace(/\s+/g, "")}`}>
                      {contact.phone}
                    </a>
                  ) : null,
                })}
              </p>
            ) : null}
          </div>
        ) : (
          <>
            <h2 className="govuk-heading-l govuk-!-margin-top-6" id="book">
              {session.state === "waiting_list" ? t("event.joinWaitingList") : t("event.book")}
            </h2>
            {session.state === "waiting_list" ? <p className="govuk-body">{t("event.waitingList.explain")}</p> : null}
            <Form method="post" noValidate aria-labelledby="book">
              <Honeypot />
              <AttendeeFields
                values={values}
                errors={errors}
                staffDepartments={staffDepartments}
                lineManagerWeeks={session.lineManagerWeeks}
              />
              <PrivacyConsent purpose="booking.privacy.purpose.book" values={values} error={errors?.consent} />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                {session.state === "waiting_list" ? t("event.joinWaitingList") : t("event.book")}
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
