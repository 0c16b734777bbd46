import type { LoaderFunctionArgs } from "@remix-run/node";

import { getBookingByManageToken } from "~/models/booking.server";
import { bookingCalendarFile } from "~/models/calendar.server";
import { publicProgrammeTitle, slugify } from "~/models/programme.server";
import { ukDateKey } from "~/utils/dates";
import { notFound } from "~/utils/http.server";

/** "Add to calendar": the attendee's own booking as a .ics file (METHOD:PUBLISH, the same UID as their invites). */
export async function loader({ params }: LoaderFunctionArgs) {
  const { booking, session, programme } = getBookingByManageToken({ token: params.token ?? "" });
  if (booking.status !== "confirmed") throw notFound("Only a confirmed booking can be added to a calendar.");
  const ics = bookingCalendarFile({ session, programme, booking }, "PUBLISH");
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
      // Named for what it is ("ask-for-angela-2027-03-14.ics"), by the title calendars show: the neutral one
      // for a sensitive programme.
      "Content-Disposition": `attachment; filename="${slugify(publicProgrammeTitle(programme))}-${ukDateKey(session.startsAt)}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
