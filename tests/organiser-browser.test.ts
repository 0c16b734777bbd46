import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addUkCalendar, ukDateKey } from "~/utils/dates";

import { launchBrowser } from "./support/browser";
import { testNow } from "./support/clock";
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

async function signIn(page: Page, base: string, role: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

async function book(browser: Browser, url: string, n: number) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByLabel("Full name").fill(`Venue Person ${n}`);
  await page.getByLabel("Email address").fill(`venue${n}@test.example`);
  await page.getByLabel("Organisation", { exact: true }).fill("The Lamplighter");
  await page.getByLabel("Licensed venue (pub, bar, club)").check();
  await page.getByLabel("Your job role").fill("Bar manager");
  await page.getByLabel("I have read the privacy notice").check();
  await page.getByRole("button", { name: /Book a place|Join the waiting list/ }).click();
  await page.waitForURL(/\/booking\//);
  const status = await page.locator("[data-booking-status]").getAttribute("data-booking-status");
  await page.context().close();
  return status;
}

describe("an organiser runs a programme from the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ BOOKING_RATE_LIMIT: "0" }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates a programme, schedules a series, takes bookings and handles the waiting list", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, "organiser");
    await page.getByRole("link", { name: "Programmes" }).click();
    await page.getByRole("link", { name: "Create a programme" }).click();

    // A mistake first: the sensitive box ticked but no neutral title.
    await page.getByLabel("Title", { exact: true }).fill("Spotting the signs for licensed venues");
    await page.getByLabel("Summary").fill("How bar staff can spot and respond to harassment.");
    await page.getByLabel("Training", { exact: true }).check();
    await page.getByLabel("Usual number of places").fill("1");
    await page.getByLabel("Usual length, in minutes").fill("90");
    await page.getByLabel("Use a neutral title in calendars, feeds and email subjects").check();
    await page.getByRole("button", { name: "Create programme" }).click();
    await page.getByText("Enter a neutral public title for calendars and email subjects").first().waitFor();
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Spotting the signs for licensed venues");
    await page.getByLabel("Neutral public title").fill("Partnership night-time briefing");
    await page.getByRole("button", { name: "Create programme" }).click();
    await page.getByText("Programme created.").waitFor();

    // A weekly series of 3, starting three weeks from now.
    await page.getByRole("link", { name: "Schedule sessions" }).click();
    const firstDate = ukDateKey(addUkCalendar(testNow(), { days: 21 })!);
    const [year, month, day] = firstDate.split("-");
    const date = page.getByRole("group", { name: "Date" });
    await date.getByLabel("Day").fill(day!);
    await date.getByLabel("Month").fill(month!);
    await date.getByLabel("Year").fill(year!);
    await page.getByLabel("Venue and address").fill("The Lamplighter, 1 Bar Street, London");
    await page.getByLabel("Every week").check();
    await page.getByLabel("How many sessions in the series?").fill("3");
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.getByText("3 sessions scheduled.").waitFor();
    const sessionLinks = page.locator('[data-testid="session-table"] a');
    expect(await sessionLinks.count()).toBe(3);
    const sessionPath = await sessionLinks.first().getAttribute("href");
    const sessionId = sessionPath!.split("/").pop();

    // Two people book the one place: one gets it, one waits.
    expect(await book(browser, `${server.url}/events/${sessionId}`, 1)).toBe("confirmed");
    expect(await book(browser, `${server.url}/events/${sessionId}`, 2)).toBe("waitlisted");

    await page.goto(`${server.url}${sessionPath}`);
    expect(await page.getByTestId("place-counts").textContent()).toBe("1 of 1 booked, 1 waiting");
    // The organiser raises the capacity: the person waiting gets the place.
    await page.getByRole("link", { name: "Change session" }).click();
    await page.getByLabel("Number of places").fill("2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("1 person moved from the waiting list into a place.").waitFor();
    expect(await page.getByTestId("place-counts").textContent()).toBe("2 of 2 booked, 0 waiting");

    // A phone booking joins the (now full) waiting list; cancelling a place promotes them.
    await page.getByRole("link", { name: "Add a booking" }).click();
    await page.getByLabel("Full name").fill("Phone Booker");
    await page.getByLabel("Email address").fill("phone@test.example");
    await page.getByLabel("Organisation", { exact: true }).fill("Vault Bar");
    await page.getByLabel("Licensed venue (pub, bar, club)").check();
    await page.getByLabel("Their job role").fill("Door supervisor");
    await page.getByRole("button", { name: "Add booking" }).click();
    await page.getByText("Phone Booker is number 1 on the waiting list.").waitFor();
    await page.getByRole("link", { name: "Cancel Venue Person 1's booking" }).click();
    await page.getByLabel("Reason (optional)").fill("Cannot make this date");
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.getByText("The first person waiting now has the place.").waitFor();
    const confirmed = await page.getByTestId("confirmed-bookings").textContent();
    expect(confirmed).toContain("Phone Booker");
    expect(confirmed).not.toContain("Venue Person 1");
    await page.context().close();
  });

  it("takes attendance at the door on a phone, as a facilitator", async () => {
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "Door test" });
    // Started ten minutes ago.
    const session = insertSession(db, { programmeId: programme.id, startsInHours: -1 / 6, hours: 2 });
    for (const [i, name] of ["Ann Arrives", "Bo Absent", "Cy Late"].entries()) {
      insertBookingRow(db, { sessionId: session.id, name, email: `door${i}@test.example`, emailNormalised: `door${i}@test.example` });
    }
    sqlite.close();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, server.url, "facilitator");
    await page.goto(`${server.url}/admin/sessions/${session.id}/register`);
    const row = (name: string) => page.locator('[data-testid="register-row"]').filter({ hasText: name });
    await row("Ann Arrives")
      .getByRole("button", { name: /^Attended/ })
      .tap();
    await page.waitForFunction(() => document.querySelector('[data-testid="register-counts"]')?.textContent?.startsWith("1 attended"));
    expect(await row("Ann Arrives").getAttribute("data-attendance")).toBe("attended");

    await page.getByRole("button", { name: "Mark the 2 not yet marked as did not attend" }).tap();
    await page.getByText("2 people marked as did not attend.").waitFor();
    // Cy turns up late after all.
    await row("Cy Late")
      .getByRole("button", { name: /^Attended/ })
      .tap();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="register-counts"]')?.textContent?.startsWith("2 attended, 1 did not attend, 0 not marked"),
    );

    // A walk-in.
    await page.getByLabel("Full name").fill("Walk In");
    await page.getByLabel("Email address").fill("walkin@test.example");
    await page.getByLabel("Organisation", { exact: true }).fill("Cheapside Inn");
    await page.getByLabel("Hotel", { exact: true }).check();
    await page.getByLabel("Their job role").fill("Duty manager");
    await page.getByRole("button", { name: "Add as attended" }).tap();
    await page.getByText("Walk In added as attended.").waitFor();
    expect(await page.getByTestId("register-counts").textContent()).toBe("3 attended, 1 did not attend, 0 not marked — 4 booked.");

    // The facilitator can do nothing else.
    expect((await page.goto(`${server.url}/admin/sessions/${session.id}`))!.status()).toBe(403);
    await context.close();
  });
});
