import { describe, expect, it } from "vitest";

import type { CalendarEvent } from "./calendar";
import type { EmailMessage } from "./layout";
import * as emails from "./messages";

const ctx = {
  serviceName: "Safer City Partnership — Training and Events",
  organisationName: "Safer City Partnership",
  contactEmail: "training@safercity.example",
  publicUrl: "https://training.example",
};
const session = {
  title: "MARAC and DASH training",
  startsAt: new Date("2027-03-10T10:00:00Z"),
  endsAt: new Date("2027-03-10T12:30:00Z"),
  venue: "Committee Room 2",
  online: false,
  onlineUrl: null,
  notes: "Bring your ID.",
};
const online = { ...session, venue: null, online: true, onlineUrl: "https://meet.example/abc" };
const base = {
  ctx,
  recipient: { name: "Jo Bloggs", email: "jo@example.org" },
  session,
  manageUrl: "https://training.example/booking/secret",
};
const calendar: CalendarEvent = {
  uid: "uid-1@training.example",
  sequence: 0,
  title: session.title,
  description: "Your place",
  start: session.startsAt,
  end: session.endsAt,
  location: session.venue,
  status: "CONFIRMED",
  organizer: { name: "Training", email: "training@safercity.example" },
  attendee: { name: "Jo Bloggs", email: "jo@example.org" },
};

function expectAccessible(message: EmailMessage) {
  expect(message.html).toMatch(/<html lang="en">/);
  expect(message.html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
  expect(message.html).not.toMatch(/<img/);
  expect(message.html).not.toMatch(/click here/i);
  expect(message.text).toContain("You are getting this email because");
  expect(message.html).toContain("You are getting this email because");
  expect(message.text).toContain("training@safercity.example");
}

describe("emails", () => {
  it("booking confirmed: details, manage link, and a REQUEST invite", () => {
    const m = emails.bookingConfirmed({ ...base, calendar });
    expect(m.subject).toBe("Booking confirmed: MARAC and DASH training, 10 Mar 2027");
    expect(m.text).toContain("When: Wednesday 10 March 2027, 10am to 12:30pm (UK time)");
    expect(m.text).toContain("https://training.example/booking/secret");
    expect(m.html).toContain('href="https://training.example/booking/secret"');
    expect(m.html).toContain(">View, add to your calendar or cancel your booking</a>");
    expect(m.text).toContain("Bring your ID.");
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ method: "REQUEST", contentType: "text/calendar; method=REQUEST; charset=UTF-8" });
    expect(m.attachments[0]!.content).toContain("METHOD:REQUEST");
    expectAccessible(m);
  });

  it("waiting list: the position and no invite", () => {
    const m = emails.addedToWaitingList({ ...base, position: 3 });
    expect(m.text).toContain("You are number 3 on the waiting list.");
    expect(m.attachments).toEqual([]);
    expectAccessible(m);
  });

  it("online sessions: the joining link only for people with a place", () => {
    const confirmed = emails.bookingConfirmed({ ...base, session: online, calendar });
    expect(confirmed.html).toContain(">Join the session online</a>");
    const waiting = emails.addedToWaitingList({ ...base, session: { ...online, onlineUrl: null }, position: 1 });
    expect(waiting.text).toContain("Online (the joining link is sent when you have a place)");
    expect(waiting.text).not.toContain("meet.example");
  });

  it("session changed: says what changed, with an updated invite", () => {
    const m = emails.sessionChanged({
      ...base,
      changes: [{ what: "Venue", before: "Room 1", after: "Room 2" }],
      calendar: { ...calendar, sequence: 1 },
    });
    expect(m.subject).toMatch(/^Changed: MARAC and DASH training is now Wednesday 10 March 2027/);
    expect(m.text).toContain("Venue: Room 2 (was Room 1)");
    expect(m.attachments[0]!.content).toContain("SEQUENCE:1");
    expectAccessible(m);
  });

  it("cancellations: a CANCEL invite for someone who had a place, with the reason", () => {
    const byOrganiser = emails.bookingCancelled({
      ...base,
      by: "organiser",
      reason: "Duplicate booking",
      calendar: { ...calendar, sequence: 2, status: "CANCELLED" },
    });
    expect(byOrganiser.text).toContain("An organiser has cancelled your booking.");
    expect(byOrganiser.text).toContain("> Duplicate booking");
    expect(byOrganiser.attachments[0]).toMatchObject({ method: "CANCEL" });
    expect(byOrganiser.attachments[0]!.content).toContain("METHOD:CANCEL");
    expect(byOrganiser.attachments[0]!.content).toContain("STATUS:CANCELLED");
    const session_ = emails.sessionCancelled({ ...base, reason: "Trainer unwell" });
    expect(session_.attachments).toEqual([]);
    expect(session_.text).toContain("Trainer unwell");
    expectAccessible(byOrganiser);
    expectAccessible(session_);
  });

  it("reminder and feedback request", () => {
    const reminder = emails.reminder(base);
    expect(reminder.subject).toBe("Reminder: MARAC and DASH training, 10 Mar 2027");
    expect(reminder.text).toContain("Please arrive 10 minutes early");
    const request = emails.feedbackRequest({
      ...base,
      feedbackUrl: "https://training.example/feedback/abc",
      closesAt: new Date("2027-04-07T12:30:00Z"),
      chaser: false,
    });
    expect(request.html).toContain('href="https://training.example/feedback/abc"');
    expect(request.text).toContain("open until 7 April 2027 at 1:30pm");
    const chaser = emails.feedbackRequest({
      ...base,
      feedbackUrl: "https://training.example/feedback/abc",
      closesAt: new Date("2027-04-07T12:30:00Z"),
      chaser: true,
    });
    expect(chaser.subject).toBe("A reminder: your feedback on MARAC and DASH training");
    for (const m of [reminder, request, chaser]) expectAccessible(m);
  });

  it("follow-up: the attendee's own link; the manager's email has the manager's link and nothing of the booking", () => {
    const request = emails.followUpRequest({
      ...base,
      followUpUrl: "https://training.example/follow-up/abc",
      weeks: 8,
      closesAt: new Date("2027-06-02T11:30:00Z"),
      chaser: false,
    });
    expect(request.subject).toBe("8 weeks on: have you used what you learned?");
    expect(request.html).toContain('href="https://training.example/follow-up/abc"');
    expect(request.text).toContain("open until 2 June 2027 at 12:30pm");
    const manager = emails.managerFollowUpRequest({
      ctx,
      attendeeName: "Jo Bloggs",
      session: { ...session, title: "Partnership briefing" },
      managerUrl: "https://training.example/follow-up/manager/xyz",
      weeks: 8,
      closesAt: new Date("2027-06-02T11:30:00Z"),
      chaser: true,
    });
    expect(manager.subject).toBe("A reminder: have you seen a change since Jo Bloggs's training?");
    expect(manager.text).toContain("https://training.example/follow-up/manager/xyz");
    expect(manager.text).toContain("Partnership briefing");
    expect(manager.text).not.toContain("/booking/");
    expect(manager.attachments).toEqual([]);
    for (const m of [request, manager]) expectAccessible(m);
  });

  it("escapes everything it puts into HTML", () => {
    const m = emails.bookingCancelled({
      ...base,
      recipient: { name: "<b>Jo</b> & Co", email: "jo@example.org" },
      by: "organiser",
      reason: '<a href="x">click</a>',
    });
    expect(m.html).toContain("Dear &lt;b&gt;Jo&lt;/b&gt; &amp; Co,");
    expect(m.html).toContain("&lt;a href=&quot;x&quot;&gt;click&lt;/a&gt;");
    expect(m.html).not.toContain('<a href="x">');
  });
});
