import { Link } from "@remix-run/react";

import type { UpcomingSession } from "~/models/session.server";
import { useDates, useT, type Translate } from "~/utils/i18n";

/** What a card shows of an upcoming session, as the public session list returns it. */
export type SessionCardData = Pick<
  UpcomingSession,
  "id" | "programmeTitle" | "titleLang" | "startsAt" | "endsAt" | "venue" | "online" | "capacity" | "placesLeft" | "bookingOpen"
>;

export function placesLabel(placesLeft: number, t: Translate): string {
  return placesLeft <= 0 ? t("session.full") : t("session.placesLeft", { count: placesLeft });
}

/** One upcoming session as the public sees it: when, what, where, and whether there is room. */
export function SessionCard({ session, href }: { session: SessionCardData; href?: string }) {
  const t = useT();
  const dates = useDates();
  const { startsAt, endsAt } = session;
  const title = href ? (
    <Link className="govuk-link" to={href}>
      {session.programmeTitle}
    </Link>
  ) : (
    session.programmeTitle
  );
  return (
    <li className="app-card" data-testid="session-card" data-session-id={session.id}>
      <h3 className="govuk-heading-m govuk-!-margin-bottom-2" lang={session.titleLang ?? undefined}>
        {title}
      </h3>
      <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-0">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("session.date")}</dt>
          <dd className="govuk-summary-list__value">{dates.date(startsAt)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("session.time")}</dt>
          <dd className="govuk-summary-list__value">{t("session.timeSpan", { start: dates.time(startsAt), end: dates.time(endsAt) })}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("session.where")}</dt>
          <dd className="govuk-summary-list__value">{session.online ? t("session.online") : session.venue}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("session.places")}</dt>
          <dd className="govuk-summary-list__value">
            {!session.bookingOpen ? (
              <strong className="govuk-tag govuk-tag--grey">{t("session.bookingClosed")}</strong>
            ) : session.placesLeft <= 0 ? (
              <strong className="govuk-tag govuk-tag--orange">{placesLabel(session.placesLeft, t)}</strong>
            ) : (
              placesLabel(session.placesLeft, t)
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
