/**
 * Check-in in the room (issue 14, ADR 024): codes that change every minute and are good only for their session,
 * from 30 minutes before it starts to its end; checking in by the email booked with; walk-ins; the public page
 * without JavaScript; and the whole flow on a phone-sized screen, with the facilitator's register following.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";

import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { registerIsOpen } from "~/models/booking.server";
import {
  checkCode,
  checkInByEmail,
  checkInIsOpen,
  checkInWithManageLink,
  currentCheckIn,
  SCAN_GRACE_MS,
  SEND_GRACE_MS,
  selfWalkIn,
  checkedInCount,
  typedCodeIsGood,
} from "~/models/check-in.server";

import { axeViolations } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { hoursFromNow, testNow } from "./support/clock";
import { attendeeForm, insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { TEST_TMP } from "./support/paths";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const MINUTE = 60_000;
const programme = insertProgramme(db, { title: "DAHA training for housing staff" });
/** A session starting `startsInMinutes` from the test's now, two hours long. */
const sessionAt = (startsInMinutes: number, overrides: Partial<typeof schema.sessions.$inferInsert> = {}) =>
  insertSession(db, { programmeId: programme.id, startsInHours: startsInMinutes / 60, hours: 2, capacity: 3, ...overrides });
const codeOf = (url: string) => {
  const params = new URL(url).searchParams;
  return { t: params.get("t"), c: params.get("c") };
};

describe("check-in codes", () => {
  it("are good for their own session, from 30 minutes before the start to the end, within minutes of being shown", () => {
    const session = sessionAt(20);
    const shown = testNow();
    const code = codeOf(currentCheckIn({ session, now: shown }).url);
    expect(checkCode({ session, ...code, now: shown, grace: SCAN_GRACE_MS })).toEqual({ ok: true });
    // Scanned a little later: still good; a form opened with it may be sent for a quarter of an hour.
    expect(checkCode({ session, ...code, now: new Date(shown.getTime() + 90_000), grace: SCAN_GRACE_MS })).toEqual({ ok: true });
    expect(checkCode({ session, ...code, now: new Date(shown.getTime() + 10 * MINUTE), grace: SEND_GRACE_MS })).toEqual({ ok: true });
    // A photo of the screen sent to someone elsewhere stops working.
    expect(checkCode({ session, ...code, now: new Date(shown.getTime() + 5 * MINUTE), grace: SCAN_GRACE_MS })).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(checkCode({ session, ...code, now: new Date(shown.getTime() + 20 * MINUTE), grace: SEND_GRACE_MS })).toMatchObject({
      ok: false,
    });
    // The code changes every minute.
    expect(currentCheckIn({ session, now: new Date(shown.getTime() + MINUTE) }).code).not.toBe(
      currentCheckIn({ session, now: shown }).code,
    );
  });

  it("refuse another session's code, a made-up one, yesterday's, and any outside the session's check-in time", () => {
    const session = sessionAt(20);
    const other = sessionAt(20);
    const now = testNow();
    const refused = (given: { t: string | null; c: string | null }, at = now, s = session) =>
      checkCode({ session: s, ...given, now: at, grace: SCAN_GRACE_MS });
    expect(refused(codeOf(currentCheckIn({ session: other, now }).url))).toEqual({ ok: false, reason: "invalid" });
    const good = codeOf(currentCheckIn({ session, now }).url);
    for (const bad of [
      { t: good.t, c: `${good.c!.slice(0, -1)}${good.c!.endsWith("A") ? "B" : "A"}` },
      { t: String(Number(good.t) + 1), c: good.c },
      { t: null, c: null },
      { t: "abc", c: good.c },
      { t: "9".repeat(40), c: good.c },
      { t: good.t, c: "x".repeat(500) },
    ])
      expect(refused(bad), JSON.stringify(bad).slice(0, 40)).toEqual({ ok: false, reason: "invalid" });
    // Yesterday's code for this session, which is running now.
    const running = sessionAt(-30);
    const yesterday = new Date(now.getTime() - 24 * 60 * MINUTE);
    expect(refused(codeOf(currentCheckIn({ session: running, now: yesterday }).url), now, running)).toEqual({
      ok: false,
      reason: "expired",
    });
    // Too early (opens 30 minutes before), after the end, a cancelled session.
    const later = sessionAt(45);
    expect(refused(codeOf(currentCheckIn({ session: later, now }).url), now, later)).toEqual({ ok: false, reason: "not_yet" });
    const over = sessionAt(-121);
    expect(refused(codeOf(currentCheckIn({ session: over, now }).url), now, over)).toEqual({ ok: false, reason: "closed" });
    const cancelled = sessionAt(10, { status: "cancelled" });
    expect(refused(codeOf(currentCheckIn({ session: cancelled, now }).url), now, cancelled)).toEqual({ ok: false, reason: "cancelled" });
  });
});

describe("the code typed from the screen on a manage page", () => {
  it("is the session's, for the minute on the screen and the two before, however it is typed", () => {
    const session = sessionAt(10);
    const other = sessionAt(10);
    const now = testNow();
    const { typedCode } = currentCheckIn({ session, now });
    expect(typedCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
    const good = (typed: string, at = now, s: typeof session = session) => typedCodeIsGood({ session: s, typed, now: at });
    expect(good(typedCode)).toBe(true);
    expect(good(` ${typedCode.toLowerCase().replace("-", " ")} `)).toBe(true);
    expect(good(typedCode, new Date(now.getTime() + 2 * MINUTE))).toBe(true);
    expect(good(typedCode, new Date(now.getTime() + 4 * MINUTE))).toBe(false);
    expect(good(typedCode, now, other)).toBe(false);
    for (const junk of ["", "ABC", "ABCDEFG", "ÅBC-DEF", "x".repeat(10_000)]) expect(good(junk), junk.slice(0, 10)).toBe(false);
  });

  it("checks in the person behind the link, a confirmed place only, with five tries a minute", () => {
    const session = sessionAt(10);
    const now = testNow();
    const { typedCode } = currentCheckIn({ session, now });
    const booking = insertBookingRow(db, { sessionId: session.id });
    const waiting = insertBookingRow(db, { sessionId: session.id, status: "waitlisted", waitlistedAt: now });
    expect(checkInWithManageLink({ booking: waiting, session, typed: typedCode, now })).toMatchObject({
      error: "manage.checkIn.error.notConfirmed",
    });
    expect(checkInWithManageLink({ booking, session, typed: typedCode, now: new Date(now.getTime() - 60 * MINUTE) })).toMatchObject({
      error: "manage.checkIn.error.notOpen",
    });
    expect(checkInWithManageLink({ booking, session, typed: "AAA-AAA", now })).toMatchObject({
      error: "manage.checkIn.error.code",
    });
    expect(checkInWithManageLink({ booking, session, typed: typedCode, now })).toEqual({ outcome: "checked_in" });
    expect(db.select().from(schema.bookings).where(eq(schema.bookings.id, booking.id)).get()!.attendance).toBe("attended");
    expect(checkInWithManageLink({ booking, session, typed: typedCode, now })).toEqual({ outcome: "already" });
    // Guessing: the sixth try in a minute is refused, right or wrong.
    const guesser = insertBookingRow(db, { sessionId: session.id });
    for (let i = 0; i < 5; i++) checkInWithManageLink({ booking: guesser, session, typed: `ZZZ-ZZ${i}`, now });
    expect(checkInWithManageLink({ booking: guesser, session, typed: typedCode, now })).toMatchObject({
      error: "manage.checkIn.error.tooMany",
    });
  });
});

describe("the register and check-in open together", () => {
  it("on the session's day, or 30 minutes before the start if that is earlier (a session just after midnight)", () => {
    const session = { startsAt: new Date("2026-03-04T00:10:00Z"), endsAt: new Date("2026-03-04T02:10:00Z"), status: "scheduled", id: 1 };
    for (const [at, open] of [
      ["2026-03-03T12:00:00Z", false],
      ["2026-03-03T23:39:59Z", false],
      ["2026-03-03T23:40:00Z", true],
      ["2026-03-04T00:00:00Z", true],
    ] as const) {
      expect(registerIsOpen(session, new Date(at)), at).toBe(open);
      expect(checkInIsOpen(session, new Date(at)), at).toBe(open);
    }
    // A session later in the day: the register from midnight, check-in from 30 minutes before.
    const later = { ...session, startsAt: new Date("2026-03-04T14:00:00Z"), endsAt: new Date("2026-03-04T16:00:00Z") };
    expect(registerIsOpen(later, new Date("2026-03-04T08:00:00Z"))).toBe(true);
    expect(checkInIsOpen(later, new Date("2026-03-04T08:00:00Z"))).toBe(false);
  });
});

describe("checking in", () => {
  const now = testNow();
  const attendee = (n: string) => ({
    name: `Walk In ${n}`,
    email: `walk-in-${n}@test.example`,
    organisation: "Riverside Housing",
    sector: "housing_provider" as const,
    jobRole: "Estate officer",
    department: null,
    accessNeeds: null,
  });

  it("marks the confirmed booking for the email as attended, once, and takes the register", () => {
    const session = sessionAt(10);
    const booked = insertBookingRow(db, { sessionId: session.id, email: "Kim.Lee@test.example", emailNormalised: "kim.lee@test.example" });
    const waiting = insertBookingRow(db, { sessionId: session.id, status: "waitlisted", waitlistedAt: now });
    const cancelled = insertBookingRow(db, { sessionId: session.id, status: "cancelled", cancelledAt: now });
    expect(checkInByEmail({ sessionId: session.id, email: " KIM.LEE@test.example ", now })).toEqual({ outcome: "checked_in" });
    const row = db.select().from(schema.bookings).where(eq(schema.bookings.id, booked.id)).get()!;
    expect(row).toMatchObject({ attendance: "attended", attendanceMarkedAt: now, attendanceMarkedBy: null });
    expect(db.select().from(schema.sessions).where(eq(schema.sessions.id, session.id)).get()!.attendanceTakenAt).toEqual(now);
    expect(checkInByEmail({ sessionId: session.id, email: "kim.lee@test.example", now })).toEqual({ outcome: "already" });
    expect(checkInByEmail({ sessionId: session.id, email: waiting.email, now })).toEqual({ outcome: "waitlisted" });
    expect(checkInByEmail({ sessionId: session.id, email: cancelled.email, now })).toEqual({ outcome: "not_booked" });
    expect(checkInByEmail({ sessionId: session.id, email: "nobody@test.example", now })).toEqual({ outcome: "not_booked" });
    expect(checkedInCount({ sessionId: session.id })).toEqual({ attended: 1, confirmed: 1 });
  });

  it("adds someone who had not booked as a walk-in who attended, up to the number of places", () => {
    const session = sessionAt(10);
    insertBookingRow(db, { sessionId: session.id });
    expect(selfWalkIn({ sessionId: session.id, attendee: attendee("1"), now })).toEqual({ outcome: "walked_in" });
    const added = db.select().from(schema.bookings).where(eq(schema.bookings.emailNormalised, "walk-in-1@test.example")).get()!;
    expect(added).toMatchObject({ status: "confirmed", source: "walk_in", attendance: "attended", sessionId: session.id });
    // Walking in again with the same email: they are already checked in.
    expect(selfWalkIn({ sessionId: session.id, attendee: attendee("1"), now })).toEqual({ outcome: "already" });
    expect(selfWalkIn({ sessionId: session.id, attendee: attendee("2"), now })).toEqual({ outcome: "walked_in" });
    // Three places, all taken: the facilitator decides.
    expect(selfWalkIn({ sessionId: session.id, attendee: attendee("3"), now })).toEqual({ outcome: "full" });
    expect(checkedInCount({ sessionId: session.id })).toEqual({ attended: 2, confirmed: 3 });
  });
});

describe("check-in through the server", () => {
  let app: RunningServer;
  let browser: Browser;
  let sessionId: number;
  let booked: { email: string; id: number };
  beforeAll(async () => {
    [app, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Behind Closed Doors" }).id;
    sessionId = insertSession(serverDb, { programmeId, startsInHours: 0.25, hours: 2, capacity: 10 }).id;
    booked = insertBookingRow(serverDb, {
      sessionId,
      name: "Priya Shah",
      email: "priya@test.example",
      emailNormalised: "priya@test.example",
    });
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
  const screenUrl = async () => {
    const staff = new Client(app.url);
    await staff.signIn(organiser.email, organiser.password);
    const html = decodeHtml(await (await staff.get(`/admin/sessions/${sessionId}/check-in`)).text());
    return /href="(http[^"]*\/check-in\/\d+\?t=\d+&c=[A-Za-z0-9_-]+)"/.exec(html)![1]!;
  };

  it("checks in without JavaScript: the code's page, the email, then a walk-in who had not booked", async () => {
    const url = (await screenUrl()).replace(/^https?:\/\/[^/]+/, app.url);
    const visitor = new Client(app.url);
    const page = await visitor.get(url.slice(app.url.length));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = decodeHtml(await page.text());
    expect(html).toContain("The email address you booked with");
    const { t, c } = codeOf(url);

    // Sent where the form sends it: the page's own address, code and all.
    const here = `/check-in/${sessionId}?t=${t}&c=${c}`;
    expect(html).toContain(`action="${here}"`);
    const nobody = decodeHtml(await (await visitor.post(here, { intent: "check-in", t: t!, c: c!, email: "sam@test.example" })).text());
    expect(nobody).toContain("Register as a walk-in");
    expect(nobody).toContain('value="sam@test.example"');
    // A room checks in at once through one network: fifteen posts from one address in a minute are all taken.
    for (let n = 0; n < 15; n++) {
      const response = await visitor.post(here, { intent: "check-in", t: t!, c: c!, email: `guest-${n}@test.example` });
      expect(response.status, `post ${n + 1}`).toBe(200);
    }
    const walkedIn = await visitor.post(here, {
      ...attendeeForm("walk"),
      intent: "walk-in",
      t: t!,
      c: c!,
      email: "sam@test.example",
    });
    expect(decodeHtml(await walkedIn.text())).toContain("You are checked in");
    // Checking in twice looks the same as once: typing an address tells nobody whether its owner is here.
    const again = decodeHtml(await (await visitor.post(here, { intent: "check-in", t: t!, c: c!, email: "sam@test.example" })).text());
    expect(again).toContain("You are checked in");

    // The walk-in added themselves: the register asks staff to confirm them, and one tap does.
    const staff = new Client(app.url);
    await staff.signIn(organiser.email, organiser.password);
    const { db: check, sqlite: checkSqlite } = openServerDatabase(app.databasePath);
    const walkIn = check.select().from(schema.bookings).where(eq(schema.bookings.emailNormalised, "sam@test.example")).get()!;
    checkSqlite.close();
    expect(walkIn).toMatchObject({ source: "walk_in", attendance: "attended", attendanceMarkedBy: null });
    expect(walkIn.consentedAt).not.toBeNull();
    const register = decodeHtml(await (await staff.get(`/admin/sessions/${sessionId}/register`)).text());
    expect(register).toMatch(new RegExp(`id="b-${walkIn.id}"[\\s\\S]*?Added themselves at check-in`));
    await staff.post(`/admin/sessions/${sessionId}/register`, { intent: "mark", bookingId: String(walkIn.id), attendance: "attended" });
    const confirmed = decodeHtml(await (await staff.get(`/admin/sessions/${sessionId}/register`)).text());
    expect(confirmed).not.toContain("Added themselves at check-in");

    // A code not made for this session, or from before the grace: the reason, and nothing saved.
    const wrong = decodeHtml(await (await visitor.get(`/check-in/${sessionId}?t=${t}&c=AAAAAAAAAAAA`)).text());
    expect(wrong).toContain("This is not a check-in code for this session");
    expect(wrong).not.toContain("The email address you booked with");
    // Nothing about the session for someone without its code.
    expect(wrong).not.toContain("Behind Closed Doors");
    // This minute's code with yesterday's minute: not a code at all (yesterday's own code is "expired", above).
    const otherMinute = decodeHtml(await (await visitor.get(`/check-in/${sessionId}?t=${Number(t) - 60 * 24}&c=${c}`)).text());
    expect(otherMinute).toContain("This is not a check-in code for this session");
    const refusedPost = await visitor.post(here, { intent: "check-in", t: t!, c: "AAAAAAAAAAAA", email: booked.email });
    expect(refusedPost.status).toBe(409);
    expect((await visitor.get(`/check-in/999999999?t=${t}&c=${c}`)).status).toBe(404);
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    expect(serverDb.select().from(schema.bookings).where(eq(schema.bookings.id, booked.id)).get()!.attendance).toBe("unknown");
    sqlite.close();
  });

  it("on a phone: scan, confirm the email, checked in; the facilitator's register shows it without a reload", async () => {
    const url = (await screenUrl()).replace(/^https?:\/\/[^/]+/, app.url);
    // The facilitator's register, open on their laptop.
    const staffContext = await browser.newContext();
    const register = await staffContext.newPage();
    await register.goto(`${app.url}/sign-in`);
    await register.getByLabel("Email address").fill(organiser.email);
    await register.getByLabel("Password").fill(organiser.password);
    await register.getByRole("button", { name: "Sign in" }).click();
    await register.waitForURL(/\/admin/);
    await register.goto(`${app.url}/admin/sessions/${sessionId}/register`);
    const row = register.locator(`#b-${booked.id}`);
    expect(await row.getAttribute("data-attendance")).toBe("unknown");

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const attendee = await phone.newPage();
    await attendee.goto(url);
    expect(await axeViolations(attendee)).toEqual([]);
    await attendee.getByLabel("The email address you booked with").fill("PRIYA@test.example");
    await attendee.getByRole("button", { name: "Check in" }).click();
    await attendee.getByTestId("checked-in").waitFor();
    expect(await attendee.getByRole("heading", { level: 1 }).textContent()).toBe("You are checked in");
    expect(await axeViolations(attendee)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await attendee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await register.waitForFunction((id) => document.querySelector(`#b-${id}`)?.getAttribute("data-attendance") === "attended", booked.id, {
      timeout: 15_000,
    });

    await phone.close();
    await staffContext.close();
  });

  it("checks in from the manage page with the code typed from the screen", async () => {
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const person = insertBookingRow(serverDb, { sessionId, name: "Manage Link Person" });
    sqlite.close();
    const staff = new Client(app.url);
    await staff.signIn(organiser.email, organiser.password);
    const screen = decodeHtml(await (await staff.get(`/admin/sessions/${sessionId}/check-in`)).text());
    const typed = /data-testid="typed-code">([0-9A-Z-]{7})</.exec(screen)![1]!;

    const visitor = new Client(app.url);
    const page = decodeHtml(await (await visitor.get(`/booking/${person.manageToken}`)).text());
    expect(page).toContain("The code on the screen in the room");
    const wrong = await visitor.post(`/booking/${person.manageToken}`, { code: "AAA-AAA" });
    expect(wrong.status).toBe(400);
    const wrongHtml = decodeHtml(await wrong.text());
    expect(wrongHtml).toContain("govuk-error-message");
    expect(wrongHtml).toContain('value="AAA-AAA"');
    const right = decodeHtml(await (await visitor.post(`/booking/${person.manageToken}`, { code: typed.toLowerCase() })).text());
    expect(right).toContain("You are checked in");
    const { db: check, sqlite: checkSqlite } = openServerDatabase(app.databasePath);
    expect(check.select().from(schema.bookings).where(eq(schema.bookings.id, person.id)).get()!.attendance).toBe("attended");
    checkSqlite.close();
  });

  it("shows the screen's code only while check-in is open", async () => {
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Tomorrow" }).id;
    const tomorrow = insertSession(serverDb, { programmeId, startsInHours: 24 }).id;
    sqlite.close();
    const staff = new Client(app.url);
    await staff.signIn(organiser.email, organiser.password);
    const html = decodeHtml(await (await staff.get(`/admin/sessions/${tomorrow}/check-in`)).text());
    expect(html).toContain("Check-in opens at");
    expect(html).not.toContain("check-in-qr");
    expect(hoursFromNow(24).getTime()).toBeGreaterThan(testNow().getTime());
  });

  // Last: it ends the session.
  it("the person who checked in on a phone downloads their certificate there once the session is over", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const attendee = await phone.newPage();
    // The person checked in on their phone above: before the end, no certificate; after it, one.
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const manageToken = serverDb.select().from(schema.bookings).where(eq(schema.bookings.id, booked.id)).get()!.manageToken;
    await attendee.goto(`${app.url}/booking/${manageToken}`);
    expect(await attendee.getByText(/Download your certificate/).count()).toBe(0);
    const ended = new Date(testNow().getTime() - 60_000);
    serverDb
      .update(schema.sessions)
      .set({ startsAt: new Date(ended.getTime() - 2 * 3600_000), endsAt: ended, bookingClosesAt: new Date(ended.getTime() - 3 * 3600_000) })
      .where(eq(schema.sessions.id, sessionId))
      .run();
    sqlite.close();
    await attendee.goto(`${app.url}/booking/${manageToken}`);
    const [download] = await Promise.all([attendee.waitForEvent("download"), attendee.getByText(/Download your certificate/).click()]);
    const file = path.join(mkdtempSync(path.join(TEST_TMP, "certificate-")), "certificate.pdf");
    await download.saveAs(file);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await phone.close();
  });
});
