/**
 * Finding a person (issue 15): across every session by name, email or organisation, and on the register at
 * the door, with JavaScript and without.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/db.server";
import { findBookings } from "~/models/people-search.server";
import { matchesFind } from "~/utils/find";

import { axeViolations, hydrated } from "./support/axe";
import { launchBrowser, signInAs } from "./support/browser";
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

describe("finding bookings", () => {
  let early: number;
  let late: number;
  beforeAll(() => {
    const programme = insertProgramme(db, { title: "Ask for Angela" });
    early = insertSession(db, { programmeId: programme.id, startsInHours: -24 * 30 }).id;
    late = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 7 }).id;
    const person = (sessionId: number, name: string, email: string, organisationName: string, extra = {}) =>
      insertBookingRow(db, { sessionId, name, email, emailNormalised: email.toLowerCase(), organisationName, ...extra });
    person(early, "Priya Shah", "Priya.Shah@Hotel-Aurora.example", "Hotel Aurora");
    person(late, "Priya Shah", "priya.shah@hotel-aurora.example", "Hotel Aurora", { status: "waitlisted", waitlistedAt: new Date() });
    person(late, "Sam Priyadarshan", "sam@rose-and-crown.example", "The Rose & Crown");
    person(late, "Ann 100%_Sure", "ann@example.org", "Percent_Co");
    person(early, "Removed after retention period", "", "Hotel Aurora", { anonymisedAt: new Date(), emailNormalised: "removed-x" });
  });

  it("finds every word in the name, email or organisation, most recent session first", () => {
    const { found, more } = findBookings({ query: "PRIYA hotel" });
    expect(more).toBe(false);
    expect(found.map((b) => [b.name, b.sessionId, b.status])).toEqual([
      ["Priya Shah", late, "waitlisted"],
      ["Priya Shah", early, "confirmed"],
    ]);
    expect(findBookings({ query: "rose-and-crown" }).found.map((b) => b.name)).toEqual(["Sam Priyadarshan"]);
    expect(findBookings({ query: "priya" }).found).toHaveLength(3);
  });

  it("takes % and _ as themselves, finds nothing for nothing, and says when there are more than it shows", () => {
    expect(findBookings({ query: "100%_" }).found.map((b) => b.name)).toEqual(["Ann 100%_Sure"]);
    expect(findBookings({ query: "%" }).found.map((b) => b.name)).toEqual(["Ann 100%_Sure"]);
    expect(findBookings({ query: "   " })).toEqual({ found: [], more: false });
    expect(findBookings({ query: "priya", limit: 2 })).toMatchObject({ more: true, found: [{}, {}] });
  });

  it("has nothing to find once retention has removed a person's details", () => {
    expect(findBookings({ query: "removed" }).found).toEqual([]);
  });

  it("matches the register's names ignoring case and accents", () => {
    expect(matchesFind("zoe darc", ["Zoë D'Arcy", "Hotel Aurora"])).toBe(true);
    expect(matchesFind("aurora zoë", ["Zoë D'Arcy", "Hotel Aurora"])).toBe(true);
    expect(matchesFind("zoe smith", ["Zoë D'Arcy", "Hotel Aurora"])).toBe(false);
    expect(matchesFind("", ["anyone"])).toBe(true);
  });
});

describe("finding people in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let sessionId: number;
  let bookingId: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db: serverDb, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(serverDb, { title: "Behind Closed Doors" });
    // Today, so the register is open.
    sessionId = insertSession(serverDb, { programmeId: programme.id, startsInHours: 0.2 }).id;
    bookingId = insertBookingRow(serverDb, {
      sessionId,
      name: "Zoë D'Arcy",
      email: "zoe@quillfeather.example",
      emailNormalised: "zoe@quillfeather.example",
      organisationName: "Quillfeather Academy",
    }).id;
    for (const [name, org] of [
      ["Tom Baker", "Hotel Aurora"],
      ["Ravi Patel", "Hotel Aurora"],
      ["Grace Obi", "The Rose & Crown"],
    ])
      insertBookingRow(serverDb, { sessionId, name, organisationName: org });
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("does not carry what was searched for into the sign-in page's address", async () => {
    const response = await fetch(`${server.url}/admin/people?q=zoe%20darcy`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fpeople");
  });

  it("an organiser finds a person from the staff menu and lands on their booking", async () => {
    for (const size of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      await signInAs(page, server.url, "organiser");
      await page.getByRole("link", { name: "Find a person" }).first().click();
      await page.getByLabel("Name, email address, organisation or booking reference").fill("quillfeather");
      await page.getByRole("button", { name: "Find" }).click();
      await page.getByTestId("search-results").waitFor();
      expect(await page.getByTestId("search-count").innerText()).toBe("1 booking matches “quillfeather”.");
      expect(await axeViolations(page)).toEqual([]);
      await page
        .getByTestId("search-results")
        .getByRole("link", { name: /Behind Closed Doors/ })
        .click();
      await page.waitForURL(new RegExp(`/admin/sessions/${sessionId}#b-${bookingId}$`));
      expect(await page.locator(`#b-${bookingId}`).innerText()).toContain("Zoë D'Arcy");
      // One letter is not enough to search on.
      await page.goto(`${server.url}/admin/people?q=z`);
      expect(await page.locator(".govuk-error-message").innerText()).toContain("Enter at least 2 letters or numbers");
      await context.close();
    }
  });

  it("the register narrows to a name at the door, with JavaScript and without", async () => {
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
      const page = await context.newPage();
      await signInAs(page, server.url, "facilitator");
      await page.goto(`${server.url}/admin/sessions/${sessionId}/register`);
      // With JavaScript, the list narrows as you type once the page's script has taken over.
      if (javaScriptEnabled) await hydrated(page);
      expect(await page.getByTestId("register-row").count()).toBe(4);
      await page.getByLabel("Find a name", { exact: true }).fill("aurora");
      if (!javaScriptEnabled) await page.getByRole("button", { name: "Find", exact: true }).click();
      await page.getByTestId("find-count").waitFor();
      expect(await page.getByTestId("find-count").innerText()).toMatch(/^2 of 4 people match “aurora”/);
      const rows = await page.getByTestId("register-row").allInnerTexts();
      expect(rows).toHaveLength(2);
      expect(rows.join(" ")).toContain("Tom Baker");
      expect(rows.join(" ")).toContain("Ravi Patel");
      await page.getByLabel("Find a name", { exact: true }).fill("zoe darcy");
      if (!javaScriptEnabled) await page.getByRole("button", { name: "Find", exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=register-row]").length === 1);
      expect(await page.getByTestId("register-row").innerText()).toContain("Zoë D'Arcy");
      // axe runs in the page's own JavaScript.
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
