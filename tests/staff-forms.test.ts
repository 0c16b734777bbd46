/**
 * Forms staff fill in for someone else (issue 15): their messages speak of "their" details, and a walk-in
 * with no email address can still be added, and is then never emailed.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { attendeeSchema, staffAttendeeSchema, walkInAttendeeSchema } from "~/models/booking.server";
import { followUpOpensAt } from "~/models/follow-up.server";
import { queueCertificateEmails, queueFeedbackRequests, queueFollowUpRequests } from "~/models/outbox-schedule.server";
import { findBookings } from "~/models/people-search.server";
import { translateErrors, translator } from "~/utils/i18n";

import { launchBrowser } from "./support/browser";
import { insertBookingRow, insertEndedSession, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const messages = (schema: typeof attendeeSchema, values: Record<string, string>) => {
  const result = schema.safeParse(values);
  // The attendee's own form gives catalogue keys, put into the page's language by the route (ADR 028).
  return result.success
    ? {}
    : translateErrors(Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message])), translator("en"));
};

describe("who the messages speak to", () => {
  it("the attendee's own form says 'your'; staff forms say 'their'", () => {
    expect(messages(attendeeSchema, {})).toMatchObject({
      name: "Enter your full name",
      email: "Enter your email address",
      sector: "Select the type of organisation you work for",
      jobRole: "Enter your job role",
    });
    expect(messages(staffAttendeeSchema, {})).toMatchObject({
      name: "Enter their full name",
      email: "Enter their email address",
      organisation: "Enter their organisation",
      sector: "Select the type of organisation they work for",
      jobRole: "Enter their job role",
    });
    expect(messages(staffAttendeeSchema, { organisation: "--" }).organisation).toBe(
      "Enter the name of their organisation in letters or numbers. If they do not work for one, enter “None”",
    );
  });

  it("only a walk-in may have no email address, and a wrong one is still wrong", () => {
    const walkIn = { name: "Sam", organisation: "Hotel Aurora", sector: "hotel", jobRole: "Porter" };
    expect(walkInAttendeeSchema.parse(walkIn).email).toBe("");
    expect(walkInAttendeeSchema.parse({ ...walkIn, email: "  " }).email).toBe("");
    expect(messages(walkInAttendeeSchema, { ...walkIn, email: "sam at hotel" }).email).toMatch(/correct format/);
    expect(messages(staffAttendeeSchema, walkIn).email).toBe("Enter their email address");
  });
});

async function signIn(page: Page, base: string, role: "organiser" | "facilitator") {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/admin/);
}

describe("staff forms in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let today: number;
  let later: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "Ask for Angela" });
    today = insertSession(db, { programmeId: programme.id, startsInHours: 0.2, capacity: 5 }).id;
    insertBookingRow(db, { sessionId: today, organisationName: "Hotel Aurora" });
    later = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 7 }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a facilitator adds a walk-in who has no email address; nobody is emailed", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, server.url, "facilitator");
    await page.goto(`${server.url}/admin/sessions/${today}/register`);
    await page.getByLabel("Full name").fill("Sam Green");
    await page.getByLabel("Organisation", { exact: true }).fill("Hotel Aurora");
    await page.getByLabel("Hotel", { exact: true }).check();
    await page.getByLabel("Their job role").fill("Night porter");
    await page.getByRole("button", { name: "Add as attended" }).click();
    await page.getByText("Sam Green").first().waitFor();
    expect(await page.getByTestId("register-row").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("Sam Green")]));
    await context.close();
    const { sqlite } = openServerDatabase(server.databasePath);
    const row = sqlite.prepare("select id, email, attendance, source from bookings where name = 'Sam Green'").get() as {
      id: number;
      email: string;
      attendance: string;
      source: string;
    };
    expect(row).toMatchObject({ email: "", attendance: "attended", source: "walk_in" });
    expect(sqlite.prepare("select count(*) from email_outbox where booking_id = ?").pluck().get(row.id)).toBe(0);
    sqlite.close();
  });

  it("a phone booking's messages speak of the person booked for, beside each field", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/sessions/${later}/bookings/new`);
    await page.getByLabel("Full name").fill("Jo Bloggs");
    await page
      .getByRole("button", { name: /Book|Add/ })
      .first()
      .click();
    await page.getByText("There is a problem").waitFor();
    const errors = await page.locator(".govuk-error-message").allInnerTexts();
    expect(errors.join(" | ")).toContain("Enter their email address");
    expect(errors.join(" | ")).toContain("Enter their job role");
    expect(errors.join(" | ")).not.toMatch(/\byour\b/i);
    expect(await page.getByLabel("Full name").inputValue()).toBe("Jo Bloggs");
    await context.close();
  });
});

describe("a walk-in with no email address afterwards", () => {
  it("is never picked for a follow-up, a feedback request or a certificate, nor found by the placeholder behind it", () => {
    const programme = insertProgramme(db, { title: "Walk-ins without email" });
    const { session, bookings } = insertEndedSession(db, { programmeId: programme.id, endedHoursAgo: 2, attended: 1 });
    db.update(schema.bookings)
      .set({ email: "", emailNormalised: "no-email-3f2c9a", source: "walk_in" })
      .where(eq(schema.bookings.id, bookings[0]!.id))
      .run();
    const now = new Date(session.endsAt.getTime() + 2 * 3600_000);
    queueFeedbackRequests({ now });
    queueCertificateEmails({ now });
    queueFollowUpRequests({ now: followUpOpensAt(session, programme) });
    const row = db.select().from(schema.bookings).where(eq(schema.bookings.id, bookings[0]!.id)).get()!;
    expect(row.followUpAskedAt).toBeNull();
    expect(db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.bookingId, row.id)).all()).toEqual([]);
    expect(findBookings({ query: "no-email" }).found.map((b) => b.id)).not.toContain(row.id);
  });
});
