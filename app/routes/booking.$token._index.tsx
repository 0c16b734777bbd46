import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";

import { ErrorSummary, TextInput } from "~/components/forms";
import { getBookingByManageToken } from "~/models/booking.server";
import { earnsCertificate } from "~/models/certificate.server";
import { checkInIsOpen, checkInWithManageLink } from "~/models/check-in.server";
import { programmeTitleIn } from "~/models/programme-translation.server";
import { bookingReference } from "~/utils/booking-reference";
import { clock } from "~/utils/clock.server";
import { translator, useDates, useT, type MessageKey } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...localTitle(matches, "manage.title"),
  { name: "robots", content: "noindex, nofollow" },
];

// The address is the key to this booking: never cached by a shared proxy or the back-forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { booking, session, programme, position } = getBookingByManageToken({ token: params.token ?? "" });
  const now = clock();
  const locale = requestLocale(request);
  const shown = programmeTitleIn(programme, locale, { neutral: false });
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
    programmeTitle: shown.title,
    titleLang: shown.lang,
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
  const t = translator(requestLocale(request));
  const schema = z.object({ code: z.string().max(200).default("") });
  const { booking, session } = getBookingByManageToken({ token: params.token ?? "" });
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  const typed = parsed.success ? parsed.data.code : "";
  const result = checkInWithManageLink({ booking, session, typed, now: clock() });
  if ("error" in result) return data({ error: t(result.error), typed: typed.slice(0, 40), checkedIn: false }, { status: 400 });
  return { error: null, typed: "", checkedIn: true };
}

export default function ManageBooking() {
  const b = useLoaderData<typeof loader>();
  const checkInResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const dates = useDates();
  const english = t.locale === "en" ? undefined : "en";
  const when = dates.timeRange(new Date(b.startsAt), new Date(b.endsAt));
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={checkInResult?.error ? { code: checkInResult.error } : null} />
        <h1 className="govuk-heading-l">{t("manage.title")}</h1>
        {b.checkIn ? (
          checkInResult?.checkedIn || b.checkIn.attended ? (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="status" data-testid="manage-checked-in">
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">{t("manage.checkedIn")}</p>
              </div>
            </div>
          ) : (
            <Form method="post" noValidate className="app-manage-check-in">
              <h2 className="govuk-heading-m">{t("checkIn.title")}</h2>
              <TextInput
                name="code"
                label={t("manage.checkIn.code")}
                hint={t("manage.checkIn.code.hint")}
                widthClass="govuk-input--width-10"
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="characters"
                defaultValue={checkInResult?.typed ?? ""}
                error={checkInResult?.error ?? undefined}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                {t("checkIn.submit")}
              </button>
            </Form>
          )
        ) : null}
        <div data-booking-status={b.status} data-testid="booking-status">
          {b.status === "confirmed" && b.ended ? (
            // Afterwards the page is the record of it, and where the certificate is.
            b.attendance === "attended" ? (
              <div className="govuk-panel govuk-panel--confirmation">
                <h2 className="govuk-panel__title">{t("manage.attended")}</h2>
                <div className="govuk-panel__body">{when}</div>
              </div>
            ) : (
              <div className="govuk-inset-text">{t("manage.tookPlace", { when })}</div>
            )
          ) : b.status === "confirmed" ? (
            <>
              <div className="govuk-panel govuk-panel--confirmation">
                <h2 className="govuk-panel__title">{t("manage.confirmed")}</h2>
                <div className="govuk-panel__body">
                  {when}
                  <br />
                  {t.rich("manage.reference", { reference: <strong data-testid="booking-reference">{b.reference}</strong> })}
                </div>
              </div>
              <p className="govuk-body" data-testid="sent-to">
                {t.rich("manage.sentTo", { email: b.email, strong })}
              </p>
            </>
          ) : b.status === "waitlisted" ? (
            <div className="govuk-notification-banner" role="region" aria-labelledby="status-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="status-title">
                  {t("manage.waitingList")}
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">
                  {t.rich("manage.position", { position: <span data-testid="waitlist-position">{b.position}</span> })}
                </p>
                <p className="govuk-body">{t("manage.waitingList.explain")}</p>
                <p className="govuk-body" data-testid="sent-to">
                  {t.rich("manage.waitingList.sentTo", {
                    email: b.email,
                    strong,
                    reference: <strong data-testid="booking-reference">{b.reference}</strong>,
                  })}
                </p>
              </div>
            </div>
          ) : (
            <div className="govuk-notification-banner" role="region" aria-labelledby="status-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="status-title">
                  {t("event.cancelled")}
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">
                  {b.sessionCancelled ? t("checkIn.refused.cancelled") : t("manage.bookingCancelled")}
                </p>
                {b.cancellationReason ? (
                  <p className="govuk-body" lang={english}>
                    {b.cancellationReason}
                  </p>
                ) : null}
                <p className="govuk-body">
                  <Link className="govuk-link" to="/events">
                    {t("event.otherSessions")}
                  </Link>
                </p>
              </div>
            </div>
          )}
        </div>

        {b.certificate ? (
          <>
            <h2 className="govuk-heading-m">{t("manage.certificate")}</h2>
            <p className="govuk-body">{t("manage.certificate.explain")}</p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/booking/${b.token}/certificate.pdf`} download data-testid="certificate-link">
                {t("manage.certificate.download")}
              </a>
            </p>
          </>
        ) : null}

        <h2 className="govuk-heading-m">{t("manage.session")}</h2>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("manage.what")}</dt>
            <dd className="govuk-summary-list__value">
              <Link className="govuk-link" to={`/events/${b.sessionId}`} lang={b.titleLang ?? undefined}>
                {b.programmeTitle}
              </Link>
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("event.when")}</dt>
            <dd className="govuk-summary-list__value">{when}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("session.where")}</dt>
            <dd className="govuk-summary-list__value">
              {b.venue ? <p className="govuk-body govuk-!-margin-bottom-1">{b.venue}</p> : null}
              {b.onlineUrl ? (
                <a className="govuk-link" href={b.onlineUrl} rel="noreferrer">
                  {t("manage.joinOnline")}
                </a>
              ) : b.online ? (
                t("session.online")
              ) : null}
            </dd>
          </div>
          {b.notes ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{t("manage.beforeYouCome")}</dt>
              <dd className="govuk-summary-list__value" lang={english}>
                {b.notes}
              </dd>
            </div>
          ) : null}
        </dl>

        {b.status === "confirmed" && !b.ended ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/booking/${b.token}/calendar.ics`} download>
              {t("manage.addToCalendar")}
            </a>
          </p>
        ) : null}

        <h2 className="govuk-heading-m">{t("manage.details")}</h2>
        <dl className="govuk-summary-list">
          {[
            [t("manage.details.reference"), b.reference],
            [t("manage.details.name"), b.name],
            [t("booking.field.email"), b.email],
            [t("booking.field.organisation"), `${b.organisation} (${t(`sector.${b.sector}` satisfies MessageKey)})`],
            [t("manage.details.jobRole"), b.jobRole],
            [t("manage.details.department"), b.department ?? t("manage.details.notGiven")],
            [t("manage.details.accessNeeds"), b.accessNeeds ?? t("manage.details.noneGiven")],
          ].map(([k, v]) => (
            <div className="govuk-summary-list__row" key={k}>
              <dt className="govuk-summary-list__key">{k}</dt>
              <dd className="govuk-summary-list__value">{v}</dd>
            </div>
          ))}
        </dl>
        <p className="govuk-body">{t("manage.private")}</p>

        {b.canCancel ? (
          <Link to={`/booking/${b.token}/cancel`} className="govuk-button govuk-button--warning" data-module="govuk-button">
            {b.status === "waitlisted" ? t("manage.leaveWaitingList") : t("manage.cancel")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
