/**
 * Names in calendar files come from the public booking form and the configuration. Read back by ical.js, an
 * independent parser, a hostile name must stay the attendee's (or organiser's) name and add no parameter.
 */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";

import { buildCalendarFile, type CalendarEvent } from "../emails/calendar";

const HOSTILE = [
  'Eve";ROLE=CHAIR;SENT-BY="mailto:boss@evil.example',
  'Eve"\\";RSVP=TRUE;X-EVIL="1',
  "Eve\r\nATTENDEE;CN=Mallory:mailto:mallory@evil.example",
  "Eve:mailto:mallory@evil.example;ROLE=CHAIR",
  'O\'Brien, "Jo" & Sons; Ltd',
];

function event(attendeeName: string, organiserName = "Safer City Partnership Training"): CalendarEvent {
  return {
    uid: "booking-1@test",
    sequence: 0,
    title: "DAHA training",
    description: "Hall",
    start: new Date("2027-02-01T10:00:00Z"),
    end: new Date("2027-02-01T12:00:00Z"),
    status: "CONFIRMED",
    organizer: { name: organiserName, email: "training@safercity.example" },
    attendee: { name: attendeeName, email: "eve@example.org" },
  };
}

describe("names in calendar files", () => {
  it.each(HOSTILE)("keep %j as one attendee's name, adding no parameter", (name) => {
    const vevent = new ICAL.Component(ICAL.parse(buildCalendarFile(event(name, name), "REQUEST"))).getFirstSubcomponent("vevent")!;
    const attendees = vevent.getAllProperties("attendee");
    expect(attendees).toHaveLength(1);
    const attendee = attendees[0]!;
    expect(attendee.getFirstValue()).toBe("mailto:eve@example.org");
    // Exactly the parameters we write, with our values.
    expect(Object.keys(attendee.toJSON()[1] as object).sort()).toEqual(["cn", "partstat", "role", "rsvp"]);
    expect(attendee.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendee.getParameter("rsvp")).toBe("FALSE");
    const cn = attendee.getParameter("cn") as string;
    // The name is there, readable, with its quotes made single and any line break a space.
    expect(cn).not.toMatch(/["\r\n]/);
    expect(cn.replace(/'/g, '"')).toBe(name.replace(/[\r\n]+/g, " ").replace(/'/g, '"'));

    const organizer = vevent.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toMatch(/^mailto:training@safercity\.example$/i);
    expect(Object.keys(organizer.toJSON()[1] as object)).toEqual(["cn"]);
  });
});
