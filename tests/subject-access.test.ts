/**
 * Subject access and erasure (issue 15): everything held about an address, found and downloaded by an
 * administrator; erased as retention would erase it, with every figure unchanged; audited without the address.
 */
import { eq, like } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { submitFeedback } from "~/models/feedback.server";
import { followUpOpensAt, submitFollowUp } from "~/models/follow-up.server";
import { getLevelsReport } from "~/models/levels-report.server";
import { listQuestions } from "~/models/question.server";
import { getEvaluationReport } from "~/models/report.server";
import { eraseSubject, subjectAccessReport, subjectAccessRows, subjectKey } from "~/models/subject-access.server";
import { createUser } from "~/models/user.server";

import { launchBrowser } from "./support/browser";
import { testNow } from "./support/clock";
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const DAY = 86_400_000;

describe("what is held about a person, and erasing it", () => {
  let adminId: number;
  let programme: ReturnType<typeof insertProgramme>;
  let priyaBooking: ReturnType<typeof insertBookingRow>;
  let colleague: ReturnType<typeof insertBookingRow>;
  const scope = () => ({ programmeId: programme.id });
  const figures = () => {
    const evaluation = getEvaluationReport({ scope: scope(), now: testNow() });
    const { followUpQuestions: _f, managerQuestions: _m, ...levels } = getLevelsReport({ scope: scope(), evaluation, now: testNow() });
    return { headline: evaluation.headline, questions: evaluation.questions.map((q) => q.distribution), levels };
  };

  beforeAll(async () => {
    adminId = (await createUser({ email: "dpo@test.example", name: "Data Officer", role: "admin", password: "admin password 1" })).id;
    programme = insertProgramme(db, { title: "DAHA for estate staff" });
    const endsAt = new Date(Math.floor((testNow().getTime() - 70 * DAY) / 60_000) * 60_000);
    const session = insertSession(db, {
      programmeId: programme.id,
      startsInHours: 0,
      startsAt: new Date(endsAt.getTime() - 3 * 3600_000),
      endsAt,
    });
    db.update(schema.sessions).set({ attendanceTakenAt: endsAt }).where(eq(schema.sessions.id, session.id)).run();
    priyaBooking = insertBookingRow(db, {
      sessionId: session.id,
      name: "Priya Shah",
      email: "Priya.Shah@council.example",
      emailNormalised: "priya.shah@council.example",
      accessNeeds: "Step-free access",
      attendance: "attended",
      cancellationReason: "Priya said she was off sick",
    });
    colleague = insertBookingRow(db, {
      sessionId: session.id,
      name: "Tom Baker",
      attendance: "attended",
      managerEmail: "Priya.Shah@council.example",
      managerToken: "manager-token-of-tom-for-priya-0123456789",
    });
    const qs = listQuestions({ formId: programme.formId });
    const q = (m: string) => `q${qs.find((x) => x.metric === m)!.id}`;
    const onTheDay = new Date(endsAt.getTime() + 3600_000);
    for (const booking of [priyaBooking, colleague])
      expect(
        submitFeedback({
          target: { channel: "attendee_link", token: booking.feedbackToken },
          values: {
            [q("usefulness")]: "Extremely useful",
            [q("recommend")]: "Yes",
            [q("confidence_before")]: "2",
            [q("confidence_after")]: "4",
          },
          now: onTheDay,
        }),
      ).toMatchObject({ ok: true });
    const mq = listQuestions({ formId: programme.managerFormId });
    expect(
      submitFollowUp({
        token: "manager-token-of-tom-for-priya-0123456789",
        role: "manager",
        values: { [`q${mq.find((x) => x.metric === "manager_change")!.id}`]: "Yes, some change" },
        now: new Date(followUpOpensAt(session, programme).getTime() + DAY),
      }),
    ).toMatchObject({ ok: true });
    const message = db.insert(schema.emailOutbox);
    message
      .values({
        kind: "booking_confirmed",
        dedupeKey: "sar-1",
        bookingId: priyaBooking.id,
        sessionId: session.id,
        toAddress: "Priya.Shah@council.example",
        subject: "Booking confirmed",
        textBody: "Dear Priya",
        htmlBody: "<p>Dear Priya</p>",
      })
      .run();
    message
      .values({
        kind: "manager_request",
        dedupeKey: "sar-2",
        bookingId: colleague.id,
        sessionId: session.id,
        toAddress: "Priya.Shah@council.example",
        subject: "Have you seen a change since Tom Baker's training?",
        textBody: "Dear colleague",
        htmlBody: "<p>Dear colleague</p>",
      })
      .run();
    message
      .values({
        kind: "booking_confirmed",
        dedupeKey: "sar-3",
        bookingId: colleague.id,
        sessionId: session.id,
        toAddress: colleague.email,
        subject: "Booking confirmed",
        textBody: "Dear Tom",
        htmlBody: "<p>Dear Tom</p>",
      })
      .run();
  });

  it("finds their bookings, their answers, the emails to them, and where they were named as line manager", () => {
    const report = subjectAccessReport({ email: "PRIYA.SHAH@council.example" });
    expect(report.bookings).toHaveLength(1);
    expect(report.bookings[0]!.items).toEqual(
      expect.arrayContaining([
        ["Name", "Priya Shah"],
        ["Access needs", "Step-free access"],
        ["Attendance", "Attended"],
      ]),
    );
    expect(report.answers).toHaveLength(1);
    expect(report.answers[0]!.items).toEqual(expect.arrayContaining([["How useful was the session?", "Extremely useful"]]));
    expect(report.asLineManager.map((n) => n.item[0])).toEqual(["Named as line manager by Tom Baker"]);
    expect(report.managerAnswers[0]!.items).toEqual([[expect.stringMatching(/seen a change/), "Yes, some change"]]);
    // The emails to her, and none to anyone else (Tom's own confirmation is his).
    expect(report.emails.map((e) => e.item[0])).toEqual([
      "Booking confirmed: Booking confirmed",
      "Line manager follow-up request: Have you seen a change since Tom Baker's training?",
    ]);
    const rows = subjectAccessRows(report);
    expect(rows[0]).toEqual(["Section", "Item", "Field", "Value"]);
    expect(rows).toContainEqual(["Booking", expect.stringContaining("DAHA for estate staff"), "Access needs", "Step-free access"]);
  });

  it("erases it all as retention would: the figures stay, the address is nowhere, and the audit log has only a key", () => {
    db.insert(schema.auditLog)
      .values({
        userId: adminId,
        action: "booking.cancel",
        entityType: "booking",
        entityId: priyaBooking.id,
        details: { reason: "Priya is off sick", was: "confirmed" },
      })
      .run();
    const before = figures();
    const result = eraseSubject({ email: "priya.shah@council.example", userId: adminId, now: testNow() });
    expect(result).toEqual({ bookings: 1, placesGivenUp: 0, namedAsManager: 1, onStaffList: 0 });
    expect(figures()).toEqual(before);

    const after = subjectAccessReport({ email: "priya.shah@council.example" });
    expect([after.bookings, after.answers, after.asLineManager, after.emails]).toEqual([[], [], [], []]);
    const tom = db.select().from(schema.bookings).where(eq(schema.bookings.id, colleague.id)).get()!;
    expect(tom.managerEmail).toBeNull();
    expect(tom.managerToken).not.toBe("manager-token-of-tom-for-priya-0123456789");
    expect(tom.name).toBe("Tom Baker");
    const priya = db.select().from(schema.bookings).where(eq(schema.bookings.id, priyaBooking.id)).get()!;
    expect(priya).toMatchObject({ name: "Removed on request", email: "", accessNeeds: null, cancellationReason: null });
    expect(db.select().from(schema.emailOutbox).where(like(schema.emailOutbox.toAddress, "%priya%")).all()).toEqual([]);
    expect(db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.dedupeKey, "sar-3")).all()).toHaveLength(1);

    // The organiser's reason for cancelling went from the audit log; the entry stays.
    const cancelEntry = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "booking.cancel")).get()!;
    expect(cancelEntry.details).toEqual({ was: "confirmed" });
    const entry = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "person.erase")).get()!;
    expect(entry.details).toMatchObject({ subject: subjectKey("priya.shah@council.example"), bookings: 1, namedAsManager: 1 });
    expect(JSON.stringify(entry.details)).not.toMatch(/priya/i);
  });
});

describe("erasing someone booked on a session still to come", () => {
  it("gives their place to the next person waiting, who is told, and tells the erased person nothing", async () => {
    const adminId = (await createUser({ email: "dpo2@test.example", name: "Data Officer 2", role: "admin", password: "admin password 2" }))
      .id;
    const programme = insertProgramme(db, { title: "Hotel awareness" });
    const session = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 5, capacity: 1 });
    const leaving = insertBookingRow(db, { sessionId: session.id, email: "ana@hotel.example", emailNormalised: "ana@hotel.example" });
    const waiting = insertBookingRow(db, { sessionId: session.id, status: "waitlisted", waitlistedAt: testNow(), confirmedAt: null });
    const result = eraseSubject({ email: "ana@hotel.example", userId: adminId, now: testNow() });
    expect(result).toMatchObject({ bookings: 1, placesGivenUp: 1 });
    const rows = db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id)).all();
    expect(rows.find((r) => r.id === leaving.id)).toMatchObject({ status: "cancelled", name: "Removed on request", email: "" });
    expect(rows.find((r) => r.id === waiting.id)!.status).toBe("confirmed");
    const sent = db
      .select({ bookingId: schema.emailOutbox.bookingId, kind: schema.emailOutbox.kind })
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.sessionId, session.id))
      .all();
    expect(sent).toEqual([{ bookingId: waiting.id, kind: "promoted" }]);
  });
});

describe("subject access in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db: serverDb, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(serverDb, { title: "Ask for Angela" });
    const session = insertSession(serverDb, { programmeId: programme.id });
    insertBookingRow(serverDb, {
      sessionId: session.id,
      name: '=HYPERLINK("http://x")',
      email: "sam@venue.example",
      emailNormalised: "sam@venue.example",
    });
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an administrator finds, downloads and erases a person's details, confirming first", async () => {
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    for (const size of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ viewport: size, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel("Email address").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/admin/);
      await page.getByRole("link", { name: "Subject access" }).first().click();
      await page.getByRole("button", { name: "Find everything held" }).click();
      await page.getByText("Enter the person's email address").first().waitFor();
      await page.getByLabel("Their email address").fill("SAM@venue.example");
      await page.getByRole("button", { name: "Find everything held" }).click();
      if (size.width === 390) {
        // Erased on the desktop run: nothing is left to find.
        await page.getByTestId("nothing-held").waitFor();
        await context.close();
        continue;
      }
      await page.getByTestId("subject-report").waitFor();
      expect(page.url()).not.toContain("sam");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download all of this (CSV)" }).click(),
      ]);
      const csv = await download.createReadStream().then(async (stream) => {
        let text = "";
        for await (const chunk of stream) text += chunk.toString();
        return text;
      });
      expect(csv).toContain("Section,Item,Field,Value");
      // A name that starts like a formula cannot run as one.
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);

      await page.getByRole("button", { name: "Erase their details" }).click();
      await page.getByText("Confirm that you have checked who is asking").first().waitFor();
      await page.getByLabel("I have checked who is asking, and they asked for their details to be erased").check();
      await page.getByRole("button", { name: "Erase their details" }).click();
      await page.getByTestId("erased").waitFor();
      expect(await page.getByTestId("erased").innerText()).toContain("The training figures are unchanged");
      await context.close();
    }
  });
});
