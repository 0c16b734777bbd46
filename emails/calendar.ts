/**
 * Calendar files (RFC 5545), made with the `ics` package. Pure: data in, text out. Times are written in
 * UTC (`DTSTART:20261202T100000Z`), so every calendar shows them in its own zone correctly.
 *
 * METHOD (RFC 5546): REQUEST for an invite or an update to one (same UID, higher SEQUENCE), CANCEL to take
 * it away (same UID, higher SEQUENCE, STATUS:CANCELLED), PUBLISH for "add to calendar" downloads and the
 * subscribable feed, which are not invitations.
 */
import { createEvent, createEvents, type EventAttributes } from "ics";

export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH";

export type CalendarEvent = {
  uid: string;
  sequence: number;
  title: string;
  description: string;
  start: Date;
  end: Date;
  location?: string | null;
  url?: string | null;
  status: "CONFIRMED" | "CANCELLED";
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string } | null;
};

const PRODUCT_ID = "-//Safer City Partnership//Training and Events//EN";

/**
 * A name as an iCalendar parameter value (CN="…"). RFC 5545 has no escape for a double quote inside a quoted
 * value: `ics` writes `\"`, which calendar clients read as the end of the value, so a name could add its own
 * ROLE or SENT-BY. Double quotes become single ones, and control characters (which would end the line) spaces.
 */
function parameterText(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced here
  const controls = /[\u0000-\u001f\u007f]+/g;
  return name.replace(/"/g, "'").replace(controls, " ").trim();
}

function attributes(event: CalendarEvent): EventAttributes {
  return {
    uid: event.uid,
    sequence: event.sequence,
    title: event.title,
    description: event.description,
    start: event.start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: event.end.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    ...(event.location ? { location: event.location } : {}),
    ...(event.url ? { url: event.url } : {}),
    status: event.status,
    organizer: { name: parameterText(event.organizer.name), email: event.organizer.email },
    ...(event.attendee
      ? {
          attendees: [
            {
              name: parameterText(event.attendee.name),
              email: event.attendee.email,
              rsvp: false,
              partstat: "NEEDS-ACTION",
              role: "REQ-PARTICIPANT",
            },
          ],
        }
      : {}),
    productId: PRODUCT_ID,
    busyStatus: event.status === "CANCELLED" ? "FREE" : "BUSY",
  };
}

function unwrap({ error, value }: { error: Error | null; value: string | null }): string {
  if (error || !value) throw error ?? new Error("The calendar file could not be made");
  return value;
}

/** One event, e.g. an invite in an email or an "add to calendar" download. */
export function buildCalendarFile(event: CalendarEvent, method: CalendarMethod): string {
  return unwrap(createEvent({ ...attributes(event), method }));
}

/** Many events, e.g. the subscribable feed of upcoming sessions. */
export function buildCalendarFeed(events: CalendarEvent[], { calName }: { calName: string }): string {
  if (!events.length) {
    // `ics` refuses an empty list, but an empty feed is valid and subscribers must see sessions disappear.
    return [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "CALSCALE:GREGORIAN",
      `PRODID:${PRODUCT_ID}`,
      "METHOD:PUBLISH",
      `X-WR-CALNAME:${calName}`,
      "END:VCALENDAR",
      "",
    ].join("\r\n");
  }
  return unwrap(createEvents(events.map(attributes), { productId: PRODUCT_ID, method: "PUBLISH", calName }));
}
