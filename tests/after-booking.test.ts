/**
 * What an attendee sees around booking (issue 15): a way to the form near the top on a phone; afterwards,
 * where the confirmation went, a booking reference to quote, and a calendar file named for the session.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { bookingReference, readBookingReference } from "~/utils/booking-reference";
import { ukDateKey } from "~/utils/dates";

import { launchBrowser } from "./support/browser";
import { insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

describe("booking references", () => {
  it("are the booking's number and a check digit, read back however they are typed", () => {
    expect(bookingReference(48213)).toBe("48213-3");
    for (const id of [1, 7, 10, 48213, 999_999, 123_456_789]) {
      const reference = bookingReference(id);
      expect(readBookingReference(reference)).toBe(id);
      expect(readBookingReference(reference.replace("-", " "))).toBe(id);
      expect(readBookingReference(reference.replace("-", ""))).toBe(id);
    }
  });

  it("find nothing when a digit is wrong or two are swapped", () => {
    expect(readBookingReference("48213-5")).toBeNull();
    expect(readBookingReference("48123-3")).toBeNull();
    expect(readBookingReference("84213-3")).toBeNull();
    for (const typed of ["", "abc", "-4", "0-0", "1".repeat(40), "48213-33"]) expect(readBookingReference(typed), typed).toBeNull();
  });
});

describe("booking on a phone, and afterwards", () => {
  let server: RunningServer;
  let browser: Browser;
  let sessionId: number;
  let startsAt: Date;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ BOOKING_RATE_LIMIT: "0" }), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, {
      title: "Domestic abuse awareness for housing staff",
      sensitive: true,
      publicTitle: "Partnership briefing for estate teams",
      aims: ["Spot the signs", "Respond safely", "Record and refer"],
      description: "A long description. ".repeat(40),
    });
    const session = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 10 });
    sessionId = session.id;
    startsAt = session.startsAt;
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("jumps to the form, then says where the confirmation went, with a reference, and names the calendar file", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/${sessionId}`);
    const jump = page.getByTestId("jump-to-book");
    // Within the first screen, while the form's heading is well below it.
    expect((await jump.boundingBox())!.y).toBeLessThan(844);
    expect((await page.locator("#book").boundingBox())!.y).toBeGreaterThan(844);
    await jump.click();
    await page.waitForURL(/#book$/);

    await page.getByLabel("Full name").fill("Priya Shah");
    await page.getByLabel("Email address").fill("priya.shah@estates.example");
    await page.getByLabel("Organisation", { exact: true }).fill("Safer City Council");
    await page.getByLabel("Housing provider", { exact: true }).check();
    await page.getByLabel("Your job role").fill("Estate officer");
    await page.getByLabel("I have read the privacy notice").check();
    await page.getByRole("button", { name: "Book a place" }).click();
    await page.getByTestId("sent-to").waitFor();
    expect(await page.getByTestId("sent-to").innerText()).toBe(
      "We have sent your confirmation and a calendar invite to priya.shah@estates.example.",
    );
    const reference = await page.getByTestId("booking-reference").innerText();
    const bookingId = readBookingReference(reference);
    expect(bookingId).not.toBeNull();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("Add this session to your calendar").click()]);
    // By the neutral title, as calendars show a sensitive programme.
    expect(download.suggestedFilename()).toBe(`partnership-briefing-for-estate-teams-${ukDateKey(startsAt)}.ics`);
    await context.close();

    // The confirmation email says the reference too, and staff find the booking by it.
    const { sqlite } = openServerDatabase(server.databasePath);
    const text = sqlite
      .prepare("select text_body from email_outbox where booking_id = ? and kind = 'booking_confirmed'")
      .pluck()
      .get(bookingId) as string;
    sqlite.close();
    expect(text).toContain(`Your booking reference is ${reference}.`);
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const staff = new Client(server.url);
    await staff.signIn(organiser.email, organiser.password);
    const found = await (await staff.get(`/admin/people?q=${encodeURIComponent(reference.replace("-", " "))}`)).text();
    expect(found).toContain("1 booking matches");
    expect(found).toContain("Priya Shah");
  });
});
