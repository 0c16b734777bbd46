import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { findOrCreateOrganisation, normaliseOrganisationName } from "~/models/organisation.server";

import { attendeeForm, bookingState, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { SECTORS } from "../domain/vocabulary";

describe("the public booking form", () => {
  let server: RunningServer;
  const ids = { open: 0, closed: 0, cancelled: 0, past: 0, full: 0 };
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "Rules programme" });
    ids.open = insertSession(db, { programmeId: programme.id, capacity: 10 }).id;
    ids.full = insertSession(db, { programmeId: programme.id, capacity: 1 }).id;
    ids.closed = insertSession(db, { programmeId: programme.id, startsInHours: 10, closesHoursBefore: 24 }).id;
    ids.cancelled = insertSession(db, { programmeId: programme.id, status: "cancelled", cancelledReason: "Trainer unwell" }).id;
    ids.past = insertSession(db, { programmeId: programme.id, startsInHours: -48 }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const count = (sessionId: number) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const n = (sqlite.prepare("select count(*) as n from bookings where session_id = ?").get(sessionId) as { n: number }).n;
    sqlite.close();
    return n;
  };

  it("shows an error summary and a message by every missing field, and saves nothing", async () => {
    const response = await new Client(server.url).post(`/events/${ids.open}`, {
      name: "",
      email: "",
      organisation: "",
      jobRole: "",
      website: "",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("There is a problem");
    for (const message of [
      "Enter your full name",
      "Enter your email address",
      "Enter your organisation",
      "Select the type of organisation you work for",
      "Enter your job role",
      "Confirm you have read the privacy notice",
    ]) {
      expect(html.split(message).length - 1, message).toBeGreaterThanOrEqual(2); // once in the summary, once by the field
    }
    expect(count(ids.open)).toBe(0);
  });

  it("keeps the answers and explains a bad email, an unknown sector and over-long text", async () => {
    const response = await new Client(server.url).post(
      `/events/${ids.open}`,
      attendeeForm("x", {
        name: "Ada Lovelace",
        email: "ada@",
        sector: "spaceship",
        jobRole: "J".repeat(121),
        accessNeeds: "Step-free access",
      }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter an email address in the correct format");
    expect(html).toContain("Select the type of organisation you work for");
    expect(html).toContain("Job role must be 120 characters or fewer");
    expect(html).toContain('value="Ada Lovelace"');
    expect(html).toContain('value="ada@"');
    expect(html).toContain("Step-free access</textarea>");
    expect(count(ids.open)).toBe(0);
  });

  it("asks for an organisation name with letters or numbers in it, keeping what was typed", async () => {
    for (const organisation of ["-", "—", "🏨", "..."]) {
      const response = await new Client(server.url).post(`/events/${ids.open}`, attendeeForm("symbols", { organisation }));
      expect(response.status, organisation).toBe(400);
      const html = await response.text();
      expect(html).toContain("Enter the name of your organisation in letters or numbers");
      expect(html).toContain(`value="${organisation}"`);
    }
    expect(count(ids.open)).toBe(0);
  });

  it("refuses a form whose hidden honeypot was filled in", async () => {
    const response = await new Client(server.url).post(`/events/${ids.open}`, attendeeForm("bot", { website: "http://spam.example" }));
    expect(response.status).toBe(400);
    expect(count(ids.open)).toBe(0);
  });

  it("books a place and lands on the manage page; a second attempt by the same person (any case) shows nothing of the booking", async () => {
    const client = new Client(server.url);
    const first = await client.post(
      `/events/${ids.open}`,
      attendeeForm("dup", { email: "Dup.Person@Test.Example", name: "Dupont Original" }),
    );
    const token = tokenFrom(first);
    expect(await bookingState(server.url, token)).toEqual({ status: "confirmed", position: null });

    const second = await new Client(server.url).post(
      `/events/${ids.open}`,
      attendeeForm("dup2", { email: "dup.person@test.example", name: "Someone Else" }),
    );
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain("You have already booked this session.");
    expect(html).toContain("We have sent the link to manage your booking to dup.person@test.example.");
    expect(html).not.toContain(token);
    expect(html).not.toContain("Dupont Original");
    expect(count(ids.open)).toBe(1);
  });

  it("puts people on the waiting list when the session is full", async () => {
    const client = new Client(server.url);
    expect(await bookingState(server.url, tokenFrom(await client.post(`/events/${ids.full}`, attendeeForm("f1"))))).toEqual({
      status: "confirmed",
      position: null,
    });
    expect(await bookingState(server.url, tokenFrom(await client.post(`/events/${ids.full}`, attendeeForm("f2"))))).toEqual({
      status: "waitlisted",
      position: 1,
    });
    expect(await bookingState(server.url, tokenFrom(await client.post(`/events/${ids.full}`, attendeeForm("f3"))))).toEqual({
      status: "waitlisted",
      position: 2,
    });
    const page = await (await client.get(`/events/${ids.full}`)).text();
    expect(page).toContain("Full — join the waiting list");
  });

  it.each([
    ["closed", "Booking for this session has closed."],
    ["cancelled", "This session has been cancelled"],
    ["past", "This session has already taken place."],
  ] as const)("does not book a %s session, and says why", async (kind, message) => {
    const client = new Client(server.url);
    const page = await (await client.get(`/events/${ids[kind]}`)).text();
    expect(page).toContain(message);
    expect(page).not.toContain('name="consent"');
    const response = await client.post(`/events/${ids[kind]}`, attendeeForm(`late-${kind}`));
    expect(response.status).toBe(409);
    expect(count(ids[kind])).toBe(0);
  });

  it("answers an unknown session with a 404 page", async () => {
    expect((await new Client(server.url).get("/events/999999")).status).toBe(404);
    expect((await new Client(server.url).get("/events/not-a-number")).status).toBe(404);
    expect((await new Client(server.url).post("/events/999999", attendeeForm("nobody"))).status).toBe(404);
  });

  it("lets the attendee cancel from the manage page, and gives the place to the first person waiting", async () => {
    const client = new Client(server.url);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const sessionId = insertSession(db, { programmeId: insertProgramme(db).id, capacity: 1 }).id;
    sqlite.close();
    const holder = tokenFrom(await client.post(`/events/${sessionId}`, attendeeForm("h1")));
    const waiting = tokenFrom(await client.post(`/events/${sessionId}`, attendeeForm("h2")));
    const confirmPage = await (await client.get(`/booking/${holder}/cancel`)).text();
    expect(confirmPage).toContain("Yes, cancel my booking");
    expect((await client.post(`/booking/${holder}/cancel`, {})).status).toBe(303);
    expect(await bookingState(server.url, holder)).toEqual({ status: "cancelled", position: null });
    expect(await bookingState(server.url, waiting)).toEqual({ status: "confirmed", position: null });
    // Cancelling twice is harmless.
    expect((await client.get(`/booking/${holder}/cancel`)).status).toBe(302);
  });

  it("answers a made-up manage link with 404", async () => {
    expect((await new Client(server.url).get("/booking/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await new Client(server.url).get("/booking/x")).status).toBe(404);
  });
});

describe("the per-address booking rate limit", () => {
  let server: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "3" });
    const { db, sqlite } = openServerDatabase(server.databasePath);
    sessionId = insertSession(db, { programmeId: insertProgramme(db).id }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses the fourth post in a minute from one address, keeping the answers", async () => {
    const client = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.post(`/events/${sessionId}`, { name: "" })).status);
    const fourth = await client.post(`/events/${sessionId}`, attendeeForm("limited", { name: "Kept Name" }));
    expect(statuses).toEqual([400, 400, 400]);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get("retry-after")).toMatch(/^\d+$/);
    const html = await fourth.text();
    expect(html).toContain("You have sent the booking form too many times");
    expect(html).toContain('value="Kept Name"');
    const { sqlite } = openServerDatabase(server.databasePath);
    expect((sqlite.prepare("select count(*) as n from bookings where session_id = ?").get(sessionId) as { n: number }).n).toBe(0);
    sqlite.close();
  });
});

describe("organisation names", () => {
  it("match by their words, and a name of symbols alone matches as typed instead of failing", () => {
    expect(normaliseOrganisationName("Hotel  Aurora & Spa Ltd.")).toBe(normaliseOrganisationName("hotel aurora and spa ltd"));
    expect(normaliseOrganisationName(" — ")).toBe("—");
    expect(normaliseOrganisationName("🏨")).toBe("🏨");
    const first = findOrCreateOrganisation({ name: "🏨", sector: SECTORS[0] });
    expect(findOrCreateOrganisation({ name: " 🏨 ", sector: SECTORS[0] }).id).toBe(first.id);
    expect(findOrCreateOrganisation({ name: "—", sector: SECTORS[0] }).id).not.toBe(first.id);
  });
});
