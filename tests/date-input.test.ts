/** Dates typed as GOV.UK asks, day, month and year in their own boxes (issue 15), in staff forms. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { reportRangeFromUrl } from "~/models/report.server";
import { readTrainingFilter } from "~/models/training.server";
import { formValues } from "~/utils/forms";

import { launchBrowser, signInAs } from "./support/browser";
import { testNow } from "./support/clock";
import { insertProgramme, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

const posted = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return formValues(data);
};

describe("joining a date's three boxes", () => {
  it("makes YYYY-MM-DD from numbers or a month's name, and nothing from nothing", () => {
    expect(posted({ "date-day": "7", "date-month": "3", "date-year": "2027" }).date).toBe("2027-03-07");
    expect(posted({ "date-day": " 07 ", "date-month": "March", "date-year": "2027" }).date).toBe("2027-03-07");
    expect(posted({ "date-day": "31", "date-month": "dec", "date-year": "2027" }).date).toBe("2027-12-31");
    expect(posted({ "date-day": "", "date-month": "", "date-year": "" }).date).toBe("");
  });

  it("leaves anything else for the field's own check to refuse, and takes a whole date as it is", () => {
    for (const [day, month, year] of [
      ["7", "", "2027"],
      ["7", "13", "2027"],
      ["7", "3", "27"],
      ["seven", "3", "2027"],
      ["7", "Smarch", "2027"],
    ])
      expect(posted({ "date-day": day!, "date-month": month!, "date-year": year! }).date, `${day} ${month} ${year}`).toBe("not a date");
    expect(posted({ date: "2027-03-07" }).date).toBe("2027-03-07");
  });
});

describe("report and training filters", () => {
  it("read a range typed in the date boxes, or whole from a link", () => {
    const typed = new URL("http://x/r?from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027");
    expect(reportRangeFromUrl(typed)).toEqual({ from: "2026-04-01", to: "2027-03-31" });
    expect(reportRangeFromUrl(new URL("http://x/r?from=2026-04-01"))).toEqual({ from: "2026-04-01", to: null });
    expect(readTrainingFilter(typed, new Date("2027-06-01T12:00:00Z"))).toMatchObject({
      from: "2026-04-01",
      to: "2027-03-31",
      allTime: false,
    });
  });
});

describe("the session form's date", () => {
  let server: RunningServer;
  let browser: Browser;
  let programmeId: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    programmeId = insertProgramme(db, { title: "Licensed venues" }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("is typed in day, month and year boxes, with the time as staff say it, and a wrong one is explained and kept", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/programmes/${programmeId}/sessions/new`);
    const date = page.getByRole("group", { name: "Date" });
    await date.getByLabel("Day").fill("31");
    await date.getByLabel("Month").fill("2");
    await date.getByLabel("Year").fill("2099");
    await page.getByLabel("Start time (UK time)").fill("2pm");
    await page.getByLabel("End time (UK time)").fill("4:30pm");
    await page.getByLabel("Venue", { exact: false }).first().fill("Guildhall, London");
    await page
      .getByRole("button", { name: /Schedule|Create|Add/ })
      .first()
      .click();
    await page.getByText("There is a problem").waitFor();
    expect(await page.locator(".govuk-error-summary").innerText()).toMatch(/Enter a real date, like 14 3 2027|Enter a date between/);
    // Kept as typed, to correct.
    expect(await date.getByLabel("Day").inputValue()).toBe("31");
    expect(await date.getByLabel("Month").inputValue()).toBe("2");
    expect(await page.getByLabel("Start time (UK time)").inputValue()).toBe("2pm");

    // Put right: a real date next year.
    const year = testNow().getUTCFullYear() + 1;
    await date.getByLabel("Day").fill("14");
    await date.getByLabel("Month").fill("3");
    await date.getByLabel("Year").fill(String(year));
    await page
      .getByRole("button", { name: /Schedule|Create|Add/ })
      .first()
      .click();
    await page.waitForURL(/\/admin\/(sessions|programmes)\//);
    const { sqlite } = openServerDatabase(server.databasePath);
    const made = sqlite.prepare("select starts_at, ends_at from sessions where programme_id = ?").get(programmeId) as {
      starts_at: number;
      ends_at: number;
    };
    sqlite.close();
    // 2pm and 4:30pm UK time on 14 March: GMT then, so the same in UTC.
    expect(new Date(made.starts_at).toISOString()).toBe(`${year}-03-14T14:00:00.000Z`);
    expect(new Date(made.ends_at).toISOString()).toBe(`${year}-03-14T16:30:00.000Z`);
    await context.close();
  });
});
