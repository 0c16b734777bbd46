import { publicProgrammeTitle } from "~/models/programme.server";
import { listUpcomingSessions, seriesLabels } from "~/models/session.server";
import { getTrainingContact } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";

/**
 * Upcoming public sessions as JSON for the council's website and intranet. No attendee data. Sensitive
 * programmes appear under their neutral public title.
 */
export async function loader() {
  const env = getEnv();
  const upcoming = listUpcomingSessions();
  // One query for every session's place in its series, not one per session.
  const labels = seriesLabels({ sessionIds: upcoming.map((s) => s.id) });
  const sessions = upcoming.map((s) => {
    const programme = publicProgrammeTitle({ title: s.programmeTitle, sensitive: s.sensitive, publicTitle: s.publicTitle });
    const series = labels.get(s.id) ?? null;
    return {
      id: s.id,
      programme,
      title: series ? `${programme}: ${series.toLowerCase()}` : programme,
      start: s.startsAt.toISOString(),
      end: s.endsAt.toISOString(),
      venue: s.venue,
      online: s.online,
      capacity: s.capacity,
      placesLeft: s.placesLeft,
      bookingOpen: s.bookingOpen,
      waitingListOpen: s.bookingOpen && s.placesLeft === 0,
      bookingClosesAt: s.bookingClosesAt.toISOString(),
      url: `${env.PUBLIC_URL}/events/${s.id}`,
    };
  });
  // Where booking has closed, people are asked to contact the training team.
  const { email, phone } = getTrainingContact();
  return new Response(JSON.stringify({ sessions, contact: { email, phone: phone || null } }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
