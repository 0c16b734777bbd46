/** Times as staff type them, and links staff pass on, copied with one press (issue 15). */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sessionFieldsSchema } from "~/models/session.server";
import { readTypedTime } from "~/utils/dates";

import { launchBrowser, signInAs } from "./support/browser";
import { insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

describe("times as staff type them", () => {
  it("reads 2pm, 14:00, 2:30pm, 2.30 pm, 10am, midday and noon", () => {
    const cases: Record<string, string | null> = {
      "2pm": "14:00",
      "2 PM": "14:00",
      "14:00": "14:00",
      "9:05": "09:05",
      "2:30pm": "14:30",
      "2.30 pm": "14:30",
      "10am": "10:00",
      "12am": "00:00",
      "12pm": "12:00",
      "12:45pm": "12:45",
      midday: "12:00",
      Noon: "12:00",
      "2": null,
      "13pm": null,
      "0am": null,
      "24:00": null,
      "2:60pm": null,
      "": null,
      ten: null,
    };
    for (const [typed, read] of Object.entries(cases)) expect(readTypedTime(typed), typed).toBe(read);
  });

  it("keeps a session's times as HH:MM, and says how to type one it cannot read", () => {
    const base = { date: "2027-03-14", deliveryMode: "in_person", venue: "Guildhall", capacity: "20", bookingClosesHours: "24" };
    expect(sessionFieldsSchema.parse({ ...base, startTime: "2pm", endTime: "4:30pm" })).toMatchObject({
      startTime: "14:00",
      endTime: "16:30",
    });
    const refused = sessionFieldsSchema.safeParse({ ...base, startTime: "2", endTime: "1pm" });
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["startTime", "Enter the start time like 10am or 14:00"],
    ]);
    const backwards = sessionFieldsSchema.safeParse({ ...base, startTime: "3pm", endTime: "1pm" });
    expect(backwards.error?.issues.map((i) => i.message)).toEqual(["End time must be after the start time"]);
  });
});

describe("copying a link", () => {
  let server: RunningServer;
  let browser: Browser;
  let sessionId: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    sessionId = insertSession(db, { programmeId: insertProgramme(db, { title: "Behind Closed Doors" }).id }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("copies the booking page's address with one press, and shows it whole without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      if (javaScriptEnabled) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      const page = await context.newPage();
      await signInAs(page, server.url, "organiser");
      await page.goto(`${server.url}/admin/sessions/${sessionId}`);
      const link = await page.getByTestId("booking-page-link").innerText();
      expect(link).toMatch(new RegExp(`/events/${sessionId}$`));
      const button = page.getByRole("button", { name: "Copy link to the session's booking page" });
      if (javaScriptEnabled) {
        await button.click();
        await page.getByText("Copied").waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      } else {
        expect(await button.count()).toBe(0);
      }
      await context.close();
    }
  });
});
