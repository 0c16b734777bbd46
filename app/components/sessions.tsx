import { Link } from "@remix-run/react";

import type { UpcomingSession } from "~/models/session.server";
import { formatDate, formatTime } from "~/utils/dates";

/** What a card shows of an upcoming session, as the public session list returns it. */
export type SessionCardData = Pick<
  UpcomingSession,
  "id" | "programmeTitle" | "startsAt" | "endsAt" | "venue" | "online" | "capacity" | "placesLeft" | "bookingOpen"
>;

export function placesLabel(placesLeft: number): string {
  if (placesLeft <= 0) return "Full — join the waiting list";
  return placesLeft === 1 ? "1 place left" : `${placesLeft} places left`;
}

/** One upcoming session as the public sees it: when, what, where, and whether there is room. */
export function SessionCard({ session, href }: { session: SessionCardData; href?: string }) {
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
      <h3 className="govuk-heading-m govuk-!-margin-bottom-2">{title}</h3>
      <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-0">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Date</dt>
          <dd className="govuk-summary-list__value">{formatDate(startsAt)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Time</dt>
          <dd className="govuk-summary-list__value">
            {formatTime(startsAt)} to {formatTime(endsAt)}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Where</dt>
          <dd className="govuk-summary-list__value">{session.online ? "Online" : session.venue}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Places</dt>
          <dd className="govuk-summary-list__value">
            {!session.bookingOpen ? (
              <strong className="govuk-tag govuk-tag--grey">Booking closed</strong>
            ) : session.placesLeft <= 0 ? (
              <strong className="govuk-tag govuk-tag--orange">{placesLabel(session.placesLeft)}</strong>
            ) : (
              placesLabel(session.placesLeft)
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
