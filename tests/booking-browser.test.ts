import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations as axe, hydrated } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

async function fillBookingForm(page: Page, email: string) {
  await page.getByLabel("Full name").fill("Browser Tester");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Organisation", { exact: true }).fill("Hotel Aurora");
  await page.getByLabel("Hotel", { exact: true }).check();
  await page.getByLabel("Your job role").fill("Night manager");
  await page.getByLabel("I have read the privacy notice").check();
}

describe("booking a place in Debian's Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const PROGRAMME = "Hotel staff awareness for browser tests";
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ BOOKING_RATE_LIMIT: "0" }), launchBrowser()]);
    // Its own session, a fortnight away with places: the demo's next sessions may close or fill at any hour.
    const { db, sqlite } = openServerDatabase(server.databasePath);
    insertSession(db, { programmeId: insertProgramme(db, { title: PROGRAMME }).id, startsInHours: 14 * 24, capacity: 10 });
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`says what was wrong with a form too large to send, with JavaScript ${javaScriptEnabled ? "enabled" : "disabled"}`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/events`);
      await page.locator('[data-testid="session-card"]').filter({ hasText: PROGRAMME }).getByRole("link").click();
      await page.getByRole("heading", { name: "Book a place" }).waitFor();
      if (javaScriptEnabled) await hydrated(page);
      await fillBookingForm(page, `too-large-${javaScriptEnabled ? "js" : "nojs"}@test.example`);
      // Pasted, not typed: over the 100 KB a field may hold.
      await page.getByLabel("Access needs (optional)").fill("x".repeat(120_000));
      await page.getByRole("button", { name: "Book a place" }).click();
      await page.getByRole("heading", { name: "The form was too large to send" }).waitFor();
      expect(await page.getByText("One of the answers was longer than 100 KB").count()).toBe(1);
      await context.close();
    });

    it(`works with JavaScript ${javaScriptEnabled ? "enabled" : "disabled"}, from the events list to the manage page`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const check = async () => (javaScriptEnabled ? axe(page) : []);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/events`);
      const card = page.locator('[data-testid="session-card"]').filter({ hasText: PROGRAMME });
      await card.getByRole("link").click();
      await page.getByRole("heading", { name: "Book a place" }).waitFor();
      expect(await check()).toEqual([]);

      // A mistake first: the answers stay and the problem is explained.
      await page.getByLabel("Full name").fill("Browser Tester");
      await page.getByRole("button", { name: "Book a place" }).click();
      await page.getByText("There is a problem").waitFor();
      expect(await page.getByLabel("Full name").inputValue()).toBe("Browser Tester");
      await expect(page.locator(".govuk-error-summary__list a", { hasText: "Enter your email address" }).count()).resolves.toBe(1);
      expect(await check()).toEqual([]);

      await fillBookingForm(page, `browser-${javaScriptEnabled ? "js" : "nojs"}@test.example`);
      await page.getByRole("button", { name: "Book a place" }).click();
      await page.waitForURL(/\/booking\/[A-Za-z0-9_-]+$/);
      const status = page.locator("[data-booking-status]");
      expect(await status.getAttribute("data-booking-status")).toBe("confirmed");
      await page.getByText("Your place is confirmed").waitFor();
      expect(await check()).toEqual([]);
      expect(await page.getByRole("link", { name: /Add this session to your calendar/ }).getAttribute("href")).toMatch(/\/calendar\.ics$/);

      // Cancel, and the page says so.
      await page.getByRole("link", { name: "Cancel my booking" }).click();
      await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
      await page.waitForURL(/\/booking\/[A-Za-z0-9_-]+$/);
      expect(await page.locator("[data-booking-status]").getAttribute("data-booking-status")).toBe("cancelled");
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("runs a remembered public page's scripts under its policy, which names them by hash (ADR 020)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const policies: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "document") policies.push(response.headers()["content-security-policy"] ?? "");
    });
    // The first visit makes the page; the second is sent from memory.
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(`${server.url}/events`);
      await hydrated(page);
      expect(await page.evaluate(() => document.body.classList.contains("js-enabled"))).toBe(true);
    }
    expect(policies).toHaveLength(2);
    for (const policy of policies) expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    // Client-side navigation works from the remembered page.
    await page.locator('[data-testid="session-card"]').filter({ hasText: PROGRAMME }).getByRole("link").click();
    await page.getByRole("heading", { name: "Book a place" }).waitFor();
    expect(refused).toEqual([]);
    await context.close();
  });
});
