import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations as axe } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { insertEndedSession, insertProgramme, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe("feedback and consultations in Debian's Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  /** Feedback links of two people who came to yesterday's session and have not answered yet. */
  let token: string;
  let other: string;
  /** The link of someone who came to a session that ended 60 days ago, after feedback closed. */
  let old: string;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ BOOKING_RATE_LIMIT: "0" }), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "MARAC and DASH for browser tests" });
    const [first, second] = insertEndedSession(db, { programmeId: programme.id, attended: 2 }).bookings;
    token = first!.feedbackToken;
    other = second!.feedbackToken;
    old = insertEndedSession(db, { programmeId: programme.id, endedHoursAgo: 60 * 24, attended: 1 }).bookings[0]!.feedbackToken;
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an attendee answers the standard evaluation on a phone with JavaScript off, and can change the answers", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/feedback/${token}`);
    await page.getByRole("heading", { name: /^Feedback: / }).waitFor();
    expect(await page.getByTestId("support-panel").count()).toBe(1);
    expect(await page.getByTestId("quick-exit").count()).toBe(1);

    // Sending nothing: every required question says so, in the summary and by the question.
    await page.getByRole("button", { name: "Send my feedback" }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(4);

    await page.getByLabel("Extremely useful").check();
    await page
      .getByRole("group", { name: /Would you recommend/ })
      .getByLabel("Yes")
      .check();
    await page
      .getByRole("group", { name: /Before the session/ })
      .getByLabel("2", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /After the session/ })
      .getByLabel("5", { exact: true })
      .check();
    await page.getByLabel(/What will you do differently/).fill("Use the DASH checklist with every disclosure.");
    await page.getByLabel(/anything you would like to say/).fill("Clear, practical and well paced.");
    // A comment without saying whether it may be shared is sent back, with everything kept.
    await page.getByRole("button", { name: "Send my feedback" }).click();
    await page.getByText("say whether we may share your comment").first().waitFor();
    expect(await page.getByLabel(/What will you do differently/).inputValue()).toBe("Use the DASH checklist with every disclosure.");
    expect(await page.getByLabel("Extremely useful").isChecked()).toBe(true);
    await page.getByLabel("Yes, with my organisation's name (not my own)").check();
    await page.getByRole("button", { name: "Send my feedback" }).click();
    await page.getByTestId("feedback-done").waitFor();

    // Back through the same link: the answers are there to change.
    await page.getByRole("link", { name: "change your answers" }).click();
    expect(await page.getByLabel("Extremely useful").isChecked()).toBe(true);
    await page.getByLabel("Very useful").check();
    await page.getByRole("button", { name: "Save my changes" }).click();
    await page.getByTestId("feedback-done").waitFor();
    await context.close();

    const { sqlite } = openServerDatabase(server.databasePath);
    const rows = sqlite
      .prepare(
        `select q.metric, a.choice, a.number, a.quote_attribution from answers a join responses r on r.id = a.response_id
         join bookings b on b.id = r.booking_id join questions q on q.id = a.question_id where b.feedback_token = ? order by q.position`,
      )
      .all(token) as Array<{ metric: string | null; choice: string | null; number: number | null; quote_attribution: string | null }>;
    sqlite.close();
    expect(rows.map((r) => [r.metric, r.choice ?? r.number ?? r.quote_attribution])).toEqual([
      ["usefulness", "Very useful"],
      ["recommend", "Yes"],
      ["confidence_before", 2],
      ["confidence_after", 5],
      [null, null],
      ["quote", "organisation"],
    ]);
  });

  it("the feedback form meets WCAG 2.2 AA, with and without errors showing", async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${server.url}/feedback/${other}`);
    expect(await axe(page)).toEqual([]);
    await page.getByRole("button", { name: /Send my feedback|Save my changes/ }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });

  it("unknown and closed links give a clear page, not an error", async () => {
    const page = await (await browser.newContext()).newPage();
    const unknown = await page.goto(`${server.url}/feedback/not-a-real-token-at-all-xxxxxxxxxxxx`);
    expect(unknown!.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    const closed = await page.goto(`${server.url}/feedback/${old}`);
    expect(closed!.status()).toBe(200);
    expect(await page.getByTestId("feedback-closed").textContent()).toContain("Feedback for this session has closed");
    await page.context().close();
  });

  it("an organiser builds a consultation like the professionals' survey, and someone answers it on a phone", async () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email address").fill(organiser.email);
    await page.getByLabel("Password").fill(organiser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();

    await page.getByRole("link", { name: "Feedback forms" }).click();
    await page.getByRole("link", { name: "Create a consultation" }).click();
    await page.getByLabel("Title").fill("Professionals' survey 2027");
    await page.getByLabel("Open", { exact: true }).check();
    await page.getByRole("button", { name: "Create consultation" }).click();
    await page.getByText("Consultation created.").waitFor();

    const addQuestion = async (type: string, fill: () => Promise<void>) => {
      await page.getByRole("link", { name: "Add a question" }).click();
      await page.getByLabel(type).check();
      await page.getByRole("button", { name: "Continue" }).click();
      await fill();
      await page.getByRole("button", { name: "Add question" }).click();
      await page.getByText("Question added.").waitFor();
    };
    await addQuestion("A grid: several rows answered on one scale", async () => {
      await page.getByLabel("Question", { exact: true }).fill("Are you confident supporting victims who have also experienced:");
      await page.getByLabel("Rows").fill("Homelessness\nIll mental health\nSubstance misuse");
      await page.getByLabel("Answers for each row").fill("Confident\nNot confident\nDon't know");
    });
    await addQuestion("Rank your top choices", async () => {
      await page.getByLabel("Question", { exact: true }).fill("What are the biggest barriers to reporting? Rank your top 2.");
      // A mistake: asking for more than there are options.
      await page.getByLabel("Options to rank").fill("Fear of agencies\nFear of the perpetrator\nLanguage barriers");
      await page.getByLabel("How many should people rank?").fill("5");
      await page.getByRole("button", { name: "Add question" }).click();
      await page.getByText("How many to rank must be no more than the 3 options").first().waitFor();
      expect(await page.getByLabel("Options to rank").inputValue()).toBe("Fear of agencies\nFear of the perpetrator\nLanguage barriers");
      await page.getByLabel("How many should people rank?").fill("2");
    });
    await addQuestion("Agree or disagree", async () => {
      await page.getByLabel("Question", { exact: true }).fill("These three priorities should frame the strategy.");
    });
    expect(await page.locator('[data-testid="question-list"] > li').count()).toBe(3);
    const publicLink = (await page.getByTestId("public-link").textContent())!;
    await page.getByRole("link", { name: "Printable QR code" }).click();
    await page.locator('[data-testid="qr-code"] svg').waitFor();
    expect(await page.getByTestId("qr-url").textContent()).toBe(publicLink);

    // Someone answers on a phone.
    const phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(publicLink);
    for (const row of ["Homelessness", "Ill mental health", "Substance misuse"])
      await phone.getByRole("group", { name: row }).getByLabel("Confident", { exact: true }).check();
    await phone.getByLabel("1st choice").selectOption("Language barriers");
    await phone.getByLabel("2nd choice").selectOption("Language barriers");
    await phone.getByLabel("Agree", { exact: true }).check();
    await phone.getByRole("button", { name: "Send my answers" }).click();
    await phone.getByText("you chose “Language barriers” more than once").first().waitFor();
    expect(await axe(phone)).toEqual([]);
    await phone.getByLabel("2nd choice").selectOption("Fear of agencies");
    await phone.getByRole("button", { name: "Send my answers" }).click();
    await phone.getByTestId("feedback-done").waitFor();
    await phone.context().close();

    await page.goBack();
    await page.reload();
    expect(await page.getByTestId("response-count").textContent()).toBe("1");
    await page.context().close();
  });
});
