import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { SessionCard } from "~/components/sessions";
import { listUpcomingSessions } from "~/models/session.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Training and events");

export async function loader() {
  const env = getEnv();
  return { sessions: listUpcomingSessions({ limit: 8 }), organisationName: env.ORGANISATION_NAME };
}

export default function Index() {
  const { sessions, organisationName } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Training and events</h1>
        <p className="govuk-body-l">
          Free training and awareness events from the {organisationName} on violence against women and girls: for council staff, partner
          professionals, businesses, hotels, licensed venues and schools.
        </p>
        <p className="govuk-body">
          Book a place in a couple of minutes. You will get a confirmation email with a calendar invite and a link to manage your booking.
        </p>
        <h2 className="govuk-heading-l">Upcoming sessions</h2>
        {sessions.length ? (
          <ul className="app-card-list" aria-label="Upcoming sessions">
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} href={`/events/${session.id}`} />
            ))}
          </ul>
        ) : (
          <p className="govuk-body">There are no sessions open for booking at the moment. Please check again soon.</p>
        )}
        <p className="govuk-body govuk-!-margin-top-6">
          <Link className="govuk-link" to="/events">
            See all upcoming events
          </Link>
        </p>
      </div>
    </div>
  );
}
