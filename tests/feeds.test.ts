import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { titleWords } from "~/models/programme.server";

import { testNow } from "./support/clock";
import { attendeeForm, insertBookingRow, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { parseCalendar } from "./support/ical";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

/** A sensitive programme of the test's own: its real title must never reach a public feed. */
const SENSITIVE_TITLE = "Coercive control and stalking at work";
const NEUTRAL_TITLE = "Partnership staff briefing";

type ApiSession = {
  id: number;
  programme: string;
  title: string;
  start: string;
  end: string;
  venue: string | null;
  online: boolean;
  capacity: number;
  placesLeft: number;
  bookingOpen: boolean;
  bookingClosesAt: string | null;
  waitingListOpen: boolean;
  url: string;
};

describe("public feeds and calendar files", () => {
  let server: RunningServer;
  let sessions: ApiSession[];
  let closed: number;
  let cancelled: number;
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: SENSITIVE_TITLE, sensitive: true, publicTitle: NEUTRAL_TITLE }).id;
    insertSession(db, { programmeId, startsInHours: 10 * 24, capacity: 10 });
    const full = insertSession(db, { programmeId, startsInHours: 11 * 24, capacity: 1 });
    insertBookingRow(db, { sessionId: full.id });
    // Starting in two days, with booking that closed three days before the start: places left, but not bookable.
    const open = insertProgramme(db, { title: "Closed booking programme" }).id;
    closed = insertSession(db, { programmeId: open, startsInHours: 48, closesHoursBefore: 72, capacity: 10 }).id;
    cancelled = insertSession(db, { programmeId: open, startsInHours: 96, status: "cancelled", cancelledReason: "Trainer unwell" }).id;
    sqlite.close();
    const response = await fetch(`${server.url}/api/sessions`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    sessions = ((await response.json()) as { sessions: ApiSession[] }).sessions;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists upcoming sessions as JSON with the documented fields and no attendee data", () => {
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const s of sessions) {
      expect(Object.keys(s).sort()).toEqual(
        [
          "bookingClosesAt",
          "bookingOpen",
          "capacity",
          "end",
          "id",
          "online",
          "placesLeft",
          "programme",
          "start",
          "title",
          "url",
          "venue",
          "waitingListOpen",
        ].sort(),
      );
      expect(new Date(s.start).getTime()).toBeGreaterThan(testNow().getTime());
      expect(s.url).toBe(`${server.url}/events/${s.id}`);
    }
    const full = sessions.filter((s) => s.placesLeft === 0);
    expect(full.length).toBeGreaterThan(0);
    expect(full.every((s) => s.waitingListOpen)).toBe(true);
    expect(JSON.stringify(sessions)).not.toMatch(/@/);
  });

  it("says booking has closed wherever a session is listed, though places are left", async () => {
    const entry = sessions.find((s) => s.id === closed)!;
    expect(entry).toMatchObject({ placesLeft: 10, bookingOpen: false, waitingListOpen: false });
    // Every other session is open exactly while its booking has not closed (the demo's own sessions close a day
    // before they start, so which of them are open depends on the hour).
    for (const s of sessions.filter((s) => s.id !== closed))
      expect(s.bookingOpen, `session ${s.id}`).toBe(
        s.bookingClosesAt === null || new Date(s.bookingClosesAt).getTime() > testNow().getTime(),
      );
    expect(sessions.filter((s) => s.programme === NEUTRAL_TITLE).every((s) => s.bookingOpen)).toBe(true);
    for (const page of ["/", "/events"]) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      const card = html.split(`data-session-id="${closed}"`)[1]?.split("</li>")[0] ?? "";
      expect(card, page).toContain("Booking closed");
      expect(card, page).not.toContain("places left");
    }
    const { events } = parseCalendar(await (await fetch(`${server.url}/calendar.ics`)).text());
    expect(events.find((e) => e.uid.startsWith(`session-${closed}@`))!.description).toContain("Booking has closed.");
    const gone = events.find((e) => e.uid.startsWith(`session-${cancelled}@`))!;
    expect(gone.description).toContain("This session has been cancelled.");
    expect(gone.description).not.toMatch(/Book or join/);
  });

  it("gives the training team's contact, as an administrator sets it, wherever booking has closed", async () => {
    const page = async () => decodeHtml(await (await fetch(`${server.url}/events/${closed}`)).text());
    // Until an administrator sets one, the service's own address.
    expect(await page()).toContain(`If you need a place, contact the training team: `);
    const admin = new Client(server.url);
    const account = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    await admin.signIn(account.email, account.password);
    const bad = await admin.post("/admin/settings", { intent: "contact", email: "not an address", phone: "call us" });
    expect(bad.status).toBe(400);
    const badHtml = decodeHtml(await bad.text());
    expect(badHtml).toContain("Enter an email address in the correct format");
    expect(badHtml).toContain("Enter a phone number using digits and spaces only");
    expect(badHtml).toContain('value="not an address"');
    expect(
      (await admin.post("/admin/settings", { intent: "contact", email: " learning@safercity.example ", phone: "020 7946 0000" })).status,
    ).toBe(303);

    const html = await page();
    expect(html).toContain("Booking for this session has closed.");
    expect(html).toContain('<a class="govuk-link" href="mailto:learning@safercity.example">learning@safercity.example</a>');
    expect(html).toContain('href="tel:02079460000"');
    const api = (await (await fetch(`${server.url}/api/sessions`)).json()) as { contact: { email: string; phone: string | null } };
    expect(api.contact).toEqual({ email: "learning@safercity.example", phone: "020 7946 0000" });
    const { events } = parseCalendar(await (await fetch(`${server.url}/calendar.ics`)).text());
    expect(events.find((e) => e.uid.startsWith(`session-${closed}@`))!.description).toContain(
      "Booking has closed. To ask about a place, contact the training team: learning@safercity.example or 020 7946 0000.",
    );
    // The privacy notice gives the same address.
    expect(await (await fetch(`${server.url}/privacy`)).text()).toContain("mailto:learning@safercity.example");
  });

  it("tells someone cancelling where their place goes: to the first person waiting only if someone is", async () => {
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Cancelling" }).id;
    const open = insertSession(db, { programmeId, startsInHours: 20 * 24, capacity: 1 });
    const mine = insertBookingRow(db, { sessionId: open.id });
    const late = insertBookingRow(db, { sessionId: closed });
    sqlite.close();
    const says = async (token: string) =>
      decodeHtml(await (await fetch(`${server.url}/booking/${token}/cancel`)).text()).match(/data-testid="place-goes-to">([^<]*)</)?.[1];
    expect(await says(mine.manageToken)).toBe("Nobody is on the waiting list, so your place will be free for someone else to book.");
    expect(await says(late.manageToken)).toBe(
      "Booking for this session has closed and nobody is on the waiting list, so your place will stay empty unless the training team fills it.",
    );
    const again = openServerDatabase(server.databasePath);
    insertBookingRow(again.db, { sessionId: open.id, status: "waitlisted", confirmedAt: null, waitlistedAt: testNow() });
    again.sqlite.close();
    expect(await says(mine.manageToken)).toBe("Your place will go to the first person on the waiting list.");
  });

  it("shows a sensitive programme only under its neutral title", () => {
    const briefing = sessions.filter((s) => s.programme === NEUTRAL_TITLE);
    expect(briefing.length).toBeGreaterThan(0);
    for (const word of titleWords(SENSITIVE_TITLE)) expect(JSON.stringify(briefing).toLowerCase()).not.toContain(word);
    expect(JSON.stringify(sessions)).not.toMatch(/coercive control/i);
  });

  it("serves a subscribable calendar of the same sessions, in UTC, that ical.js can read", async () => {
    const text = await (await fetch(`${server.url}/calendar.ics`)).text();
    const { method, events } = parseCalendar(text);
    expect(method).toBe("PUBLISH");
    for (const s of sessions) {
      const event = events.find((e) => e.uid.startsWith(`session-${s.id}@`));
      expect(event, `session ${s.id}`).toBeDefined();
      expect(event!.startIsUtc).toBe(true);
      expect(event!.start.toISOString()).toBe(s.start);
      expect(event!.end.toISOString()).toBe(s.end);
    }
    const briefing = events.filter((e) => e.summary === NEUTRAL_TITLE);
    expect(briefing.length).toBeGreaterThan(0);
    for (const e of briefing)
      for (const word of titleWords(SENSITIVE_TITLE))
        expect(`${e.summary} ${e.description} ${e.location}`.toLowerCase()).not.toContain(word);
    expect(text).not.toMatch(/coercive control/i);
  });

  it("keeps serving the calendar when a session outside the service's years got into the database", async () => {
    // Written straight into the database: the forms refuse a date past 2100, and a calendar cannot hold 10000.
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Far future programme" }).id;
    const far = insertSession(db, {
      programmeId,
      startsInHours: 1,
      startsAt: new Date("+010000-01-01T10:00:00Z"),
      endsAt: new Date("+010000-01-01T12:00:00Z"),
    });
    sqlite.close();
    const response = await fetch(`${server.url}/calendar.ics`);
    expect(response.status).toBe(200);
    const { events } = parseCalendar(await response.text());
    expect(events.some((e) => e.uid.startsWith(`session-${far.id}@`))).toBe(false);
    expect(events.length).toBeGreaterThan(0);
  });

  it("gives a confirmed attendee an .ics with their booking's UID and the session's UTC times", async () => {
    const open = sessions.find((s) => s.placesLeft > 0 && s.programme === NEUTRAL_TITLE)!;
    const client = new Client(server.url);
    const token = tokenFrom(await client.post(`/events/${open.id}`, attendeeForm("ics", { email: "ics.person@test.example" })));
    const response = await client.get(`/booking/${token}/calendar.ics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    const { method, events } = parseCalendar(await response.text());
    const { sqlite } = openServerDatabase(server.databasePath);
    const { calendar_uid } = sqlite.prepare("select calendar_uid from bookings where manage_token = ?").get(token) as {
      calendar_uid: string;
    };
    sqlite.close();
    expect(method).toBe("PUBLISH");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ uid: calendar_uid, summary: NEUTRAL_TITLE, startIsUtc: true, status: "CONFIRMED" });
    expect(events[0]!.start.toISOString()).toBe(open.start);
    expect(events[0]!.attendees).toEqual(["mailto:ics.person@test.example"]);
    expect(events[0]!.description).toContain(`/booking/${token}`);
    for (const word of titleWords(SENSITIVE_TITLE))
      expect(`${events[0]!.summary} ${events[0]!.description}`.toLowerCase()).not.toContain(word);
  });
});
