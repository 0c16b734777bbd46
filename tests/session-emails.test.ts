/**
 * What was sent (issue 15): on a session's page an organiser sees, for each person, every email about their
 * booking and whether it went, opens one, and sends a failed one again; messages of other sessions stay hidden.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withoutSecretLinks } from "~/models/outbox-admin.server";

import { axeViolations } from "./support/axe";
import { launchBrowser, signInAs } from "./support/browser";
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

describe("each person's emails on a session's page", () => {
  let server: RunningServer;
  let browser: Browser;
  let sessionId: number;
  let otherSessionId: number;
  let bookingId: number;
  let sent: number;
  let failed: number;
  let elsewhere: number;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "Licensed venues: Ask for Angela" });
    sessionId = insertSession(db, { programmeId: programme.id }).id;
    otherSessionId = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 30 }).id;
    bookingId = insertBookingRow(db, {
      sessionId,
      name: "Grace Obi",
      email: "grace@rose.example",
      emailNormalised: "grace@rose.example",
    }).id;
    const other = insertBookingRow(db, { sessionId: otherSessionId, name: "Tom Baker" }).id;
    const message = sqlite.prepare(
      `insert into email_outbox (kind, dedupe_key, booking_id, session_id, to_address, subject, text_body, html_body, status, last_error, sent_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, '<p>x</p>', ?, ?, ?, ?) returning id`,
    );
    const at = Date.now() - 3600_000;
    sent = Number(
      message
        .pluck()
        .get(
          "booking_confirmed",
          `t-${bookingId}-1`,
          bookingId,
          sessionId,
          "grace@rose.example",
          "Booking confirmed",
          "Dear Grace, your place is confirmed.",
          "sent",
          null,
          at,
          at,
        ),
    );
    failed = Number(
      message
        .pluck()
        .get(
          "session_changed",
          `t-${bookingId}-2`,
          bookingId,
          sessionId,
          "grace@rose.example",
          "Session changed",
          "Dear Grace, the start has moved.",
          "failed",
          "550 Mailbox unavailable",
          null,
          at,
        ),
    );
    elsewhere = Number(
      message
        .pluck()
        .get(
          "booking_confirmed",
          `t-${other}-1`,
          other,
          otherSessionId,
          "tom@x.example",
          "Booking confirmed",
          "Dear Tom",
          "sent",
          null,
          at,
          at,
        ),
    );
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows who was sent what, opens a message, and sends a failed one again", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInAs(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/sessions/${sessionId}`);
    const row = page.locator(`#b-${bookingId}`);
    expect(await row.getByTestId("emails-failed").innerText()).toBe("1 failed");
    await row.getByText("2 emails").click();
    const items = row.getByTestId("person-email");
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toMatch(/^Booking confirmed: Sent/);
    expect(await items.nth(1).innerText()).toContain("550 Mailbox unavailable");
    expect(await axeViolations(page)).toEqual([]);

    await items.nth(0).getByRole("link", { name: "Booking confirmed" }).click();
    await page.getByTestId("email-text").waitFor();
    expect(await page.getByTestId("email-text").innerText()).toBe("Dear Grace, your place is confirmed.");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/admin/sessions/${sessionId}`);
    await page.locator(`#b-${bookingId}`).getByText("2 emails").click();
    await page
      .locator(`#b-${bookingId}`)
      .getByRole("button", { name: /Send again/ })
      .click();
    await page.getByText("The email is back in the queue").waitFor();
    await context.close();

    const { sqlite } = openServerDatabase(server.databasePath);
    expect(sqlite.prepare("select status, last_error from email_outbox where id = ?").get(failed)).toEqual({
      status: "queued",
      last_error: null,
    });
    expect(sqlite.prepare("select count(*) from audit_log where action = 'email.retry' and entity_id = ?").pluck().get(failed)).toBe(1);
    sqlite.close();
  });

  it("keeps each session's messages to its own page, and the outbox itself to administrators", async () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const client = new Client(server.url);
    await client.signIn(organiser.email, organiser.password);
    expect((await client.get(`/admin/sessions/${sessionId}/emails/${sent}`)).status).toBe(200);
    expect((await client.get(`/admin/sessions/${sessionId}/emails/${elsewhere}`)).status).toBe(404);
    expect((await client.get(`/admin/sessions/${otherSessionId}/emails/${elsewhere}`)).status).toBe(200);
    expect((await client.post(`/admin/sessions/${sessionId}/emails/${sent}`, { intent: "retry" })).status).toBe(409);
    expect((await client.get(`/admin/outbox`)).status).toBe(403);
  });

  it("will not send again an out-of-date message about a booking cancelled since, only the news of the cancellation", async () => {
    const { db: serverDb, sqlite } = openServerDatabase(server.databasePath);
    const gone = insertBookingRow(serverDb, { sessionId, name: "Cancelled Later", status: "cancelled", cancelledAt: new Date() }).id;
    const insert = sqlite.prepare(
      `insert into email_outbox (kind, dedupe_key, booking_id, session_id, to_address, subject, text_body, html_body, status, last_error)
       values (?, ?, ?, ?, 'x@test.example', 's', 't', '<p>t</p>', 'failed', 'timeout') returning id`,
    );
    const staleConfirmation = Number(insert.pluck().get("booking_confirmed", `stale-${gone}`, gone, sessionId));
    const cancellation = Number(insert.pluck().get("booking_cancelled", `cancel-${gone}`, gone, sessionId));
    sqlite.close();
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const client = new Client(server.url);
    await client.signIn(organiser.email, organiser.password);
    expect((await client.post(`/admin/sessions/${sessionId}/emails/${staleConfirmation}`, { intent: "retry" })).status).toBe(409);
    expect((await client.post(`/admin/sessions/${sessionId}/emails/${cancellation}`, { intent: "retry" })).status).toBe(303);
  });
});

describe("a message as organisers see it", () => {
  it("hides the private links in it, so nobody can open or answer as the person", () => {
    const text =
      "Manage: https://t.example/booking/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xyz\nFeedback: https://t.example/feedback/AbCdEfGhIjKlMnOpQrStUvWx\n" +
      "Later: https://t.example/follow-up/AbCdEfGhIjKlMnOpQrStUvWx and https://t.example/follow-up/manager/AbCdEfGhIjKlMnOpQrStUvWx\n" +
      "Room: https://t.example/feedback/session/AbCdEfGhIjKlMnOpQrStUvWx";
    const shown = withoutSecretLinks(text);
    expect(shown).not.toMatch(/booking\/AbC|feedback\/AbC|follow-up\/AbC|manager\/AbC/);
    expect(shown).toContain("https://t.example/booking/[their private link]");
    expect(shown).toContain("https://t.example/follow-up/manager/[their private link]");
    // The room's own link is the organiser's to share.
    expect(shown).toContain("https://t.example/feedback/session/AbCdEfGhIjKlMnOpQrStUvWx");
  });
});
