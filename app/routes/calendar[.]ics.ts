import { publicCalendarFeed } from "~/models/calendar.server";

/** A subscribable calendar of every upcoming public session, for the council's website and intranet. */
export async function loader() {
  return new Response(publicCalendarFeed(), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="training-and-events.ics"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
