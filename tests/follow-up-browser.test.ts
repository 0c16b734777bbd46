/**
 * The follow-up in Debian's Chromium (issue 14, ADR 026): an attendee and their line manager answer on a phone
 * with JavaScript off; the booking form asks council staff for their manager where the programme asks; and an
 * organiser shows a committee the four levels for the demo's DAHA training, each figure with its n.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations as axe } from "./support/axe";
import { launchBrowser, signInAs } from "./support/browser";
import { insertBookingRow, insertEndedSession, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe("the follow-up in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let attendeeToken: string;
  let managerToken: string;
  /** Someone else at the same session, who has not answered. */
  let secondToken: string;
  let askingSession: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ BOOKING_RATE_LIMIT: "0" }), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "DASH refresher for browser tests", askLineManager: true });
    // Ended 60 days ago: the follow-up opened 4 days ago.
    const [booking, second] = insertEndedSession(db, { programmeId: programme.id, endedHoursAgo: 60 * 24, attended: 2 }).bookings;
    secondToken = second!.feedbackToken;
    attendeeToken = booking!.feedbackToken;
    managerToken = "manager-token-for-the-browser-test-0123456789";
    sqlite
      .prepare("update bookings set name = 'Priya Shah', manager_email = 'lead@council.example', manager_token = ? where id = ?")
      .run(managerToken, booking!.id);
    askingSession = insertSession(db, { programmeId: programme.id }).id;
    insertBookingRow(db, { sessionId: askingSession });
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an attendee answers the follow-up on a phone with JavaScript off, and can change the answers", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/follow-up/${attendeeToken}`);
    await page.getByRole("heading", { name: /^8 weeks on: / }).waitFor();

    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByText("There is a problem").waitFor();
    // Whether they have used it, and their confidence now, are required.
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(2);

    await page
      .getByRole("group", { name: /have you used what you learned/ })
      .getByLabel("Yes")
      .check();
    await page.getByLabel("Sometimes (a few times)").check();
    await page.getByLabel(/Tell us about a time/).fill("A resident disclosed; I asked the safety questions and referred to the IDVA.");
    await page.getByLabel("Yes, anonymously").check();
    await page
      .getByRole("group", { name: /how confident/ })
      .getByLabel("4", { exact: true })
      .check();
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByTestId("feedback-done").waitFor();

    await page.getByRole("link", { name: "change your answers" }).click();
    expect(await page.getByLabel("Sometimes (a few times)").isChecked()).toBe(true);
    await page.getByLabel("Often (most weeks)").check();
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.getByTestId("feedback-done").waitFor();
    await context.close();

    const { sqlite } = openServerDatabase(server.databasePath);
    const rows = sqlite
      .prepare(
        "select count(distinct r.id) as responses, group_concat(a.choice) as choices from responses r join forms f on f.id = r.form_id join answers a on a.response_id = r.id where f.kind = 'follow_up' and r.booking_id = (select id from bookings where feedback_token = ?)",
      )
      .get(attendeeToken) as { responses: number; choices: string };
    sqlite.close();
    expect(rows.responses).toBe(1);
    expect(rows.choices).toContain("Often (most weeks)");
    expect(rows.choices).not.toContain("Sometimes (a few times)");
  });

  it("their line manager answers two questions on a phone and sees nothing of the attendee's answers", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/follow-up/manager/${managerToken}`);
    await page.getByRole("heading", { name: "Since Priya Shah's training" }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("IDVA");
    expect(text).not.toContain("Often (most weeks)");
    await page.getByLabel("Yes, some change").check();
    await page.getByLabel("What have you noticed?").fill("Confident raising concerns in team meetings.");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByTestId("feedback-done").waitFor();
    await context.close();
  });

  it("both pages pass axe, as they are and with every error showing", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    for (const address of [`/follow-up/${attendeeToken}`, `/follow-up/manager/${managerToken}`]) {
      await page.goto(`${server.url}${address}`);
      await page.locator("main h1").waitFor();
      expect(await axe(page), address).toEqual([]);
    }
    // Sent with nothing: the summary and each question's own message.
    await page.goto(`${server.url}/follow-up/${secondToken}`);
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it("the booking form asks council staff for their manager, and explains a wrong answer beside it with everything kept", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/${askingSession}`);
    const field = page.getByLabel(/line manager's email/);
    await field.fill("boss@hotel.example");
    await page.getByLabel("Full name").fill("Sam Green");
    await page.getByLabel("Email address", { exact: true }).fill("sam.green@hotel.example");
    await page.getByLabel("Organisation", { exact: true }).fill("Hotel Aurora");
    await page.getByLabel("Hotel", { exact: true }).check();
    await page.getByLabel(/job role/i).fill("Night manager");
    await page.getByLabel("I have read the privacy notice").check();
    await page.getByRole("button", { name: /Book/ }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await page.locator(".govuk-error-summary__list").innerText()).toMatch(/unless you work for the council/);
    expect(await page.locator(".govuk-error-message", { hasText: /unless you work for the council/ }).count()).toBe(1);
    expect(await page.getByLabel(/line manager's email/).inputValue()).toBe("boss@hotel.example");
    expect(await page.getByLabel("Full name").inputValue()).toBe("Sam Green");
    await context.close();
  });

  it("an organiser shows a committee the four levels for the demo's DAHA training, each figure with its n", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const daha = sqlite.prepare("select id from programmes where slug = 'daha-housing-estate-staff'").pluck().get() as number;
    // Worked out here from the answers themselves, not by the app's code.
    const applied = sqlite
      .prepare(
        `select count(*) as n, sum(a.choice = 'Yes') as yes from answers a join questions q on q.id = a.question_id join forms f on f.id = q.form_id
         join responses r on r.id = a.response_id join bookings b on b.id = r.booking_id
         where f.programme_id = ? and f.kind = 'follow_up' and q.metric = 'applied' and b.attendance = 'attended'`,
      )
      .get(daha) as { n: number; yes: number };
    sqlite.close();
    expect(applied.n).toBeGreaterThan(0);
    const share = Math.floor((200 * applied.yes + applied.n) / (2 * applied.n));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/reports/programmes/${daha}`);
    const levels = page.getByTestId("levels");
    await levels.waitFor();
    const row = (measure: RegExp) => levels.getByRole("row").filter({ has: page.getByText(measure) });
    expect(await row(/^Applying what they learned at 8 weeks$/).innerText()).toContain(`${share}%`);
    expect(await row(/^Applying what they learned at 8 weeks$/).innerText()).toContain(`${applied.yes} of ${applied.n} who answered`);
    for (const measure of [/^Confidence before the session/, /^Confidence after the session$/, /^Confidence at 8 weeks$/])
      expect(await row(measure).innerText()).toMatch(/\d\.\d\s+\d+ answered/);
    expect(await row(/^Would recommend it$/).innerText()).toMatch(/\d+%\s+\d+ of \d+ who answered/);
    expect(await axe(page)).toEqual([]);

    await page.goto(`${server.url}/admin/reports/programmes/${daha}/paper`);
    await page.getByTestId("paper-levels").waitFor();
    expect(await page.getByTestId("paper-levels").innerText()).toContain(`${applied.yes} of ${applied.n} who answered`);
    await context.close();
  });
});
