/** Reads calendar files back with ical.js, an independent parser, rather than trusting our own output. */
import ICAL from "ical.js";

export type ParsedEvent = {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  location: string | null;
  status: string | null;
  start: Date;
  end: Date;
  startIsUtc: boolean;
  attendees: string[];
  organizer: string | null;
};

export function parseCalendar(text: string): { method: string | null; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: Number(vevent.getFirstPropertyValue("sequence") ?? 0),
      summary: event.summary,
      description: event.description ?? "",
      location: event.location ?? null,
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startIsUtc: event.startDate.zone?.tzid === "UTC",
      attendees: vevent.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
      organizer: (vevent.getFirstPropertyValue("organizer") as string | null) ?? null,
    };
  });
  return { method: (calendar.getFirstPropertyValue("method") as string | null) ?? null, events };
}
