import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attendeeForm, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { Client } from "./support/http";
import { parseCalendar } from "./support/ical";
import { startServer, type RunningServer } from "./support/server";
import { calendarPart, startSmtp, type Received, type TestSmtp } from "./support/smtp";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

async function waitForMail(smtp: TestSmtp, match: (m: Received) => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const found = smtp.received.find(match);
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`No matching email within ${timeoutMs} ms; got ${smtp.received.map((m) => m.parsed.subject).join(" | ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the running server, pointed at an SMTP server", () => {
  let smtp: TestSmtp;
  let server: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ SMTP_URL: smtp.url, JOBS_ENABLED: "true", BOOKING_RATE_LIMIT: "0" });
    const { db, sqlite } = openServerDatabase(server.databasePath);
    sessionId = insertSession(db, {
      programmeId: insertProgramme(db, { title: "Test briefing" }).id,
      feedbackToken: "server-test-feedback-token-xxxxxxxx",
    }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it("emails a booking's invite within seconds, and a repeat attempt's owner the manage link", async () => {
    const client = new Client(server.url);
    const token = tokenFrom(
      await client.post(`/events/${sessionId}`, attendeeForm("mail", { email: "booker@test.example", name: "Bea Booker" })),
    );
    const mail = await waitForMail(
      smtp,
      (m) => m.envelopeTo[0] === "booker@test.example" && Boolean(m.parsed.subject?.startsWith("Booking confirmed")),
    );
    expect(mail.parsed.subject).toMatch(/^Booking confirmed: Test briefing/);
    expect(mail.parsed.from?.text).toContain("training@safercity.example");
    const part = calendarPart(mail.parsed)!;
    expect(part.method).toBe("REQUEST");
    const { method, events } = parseCalendar(part.ics);
    expect(method).toBe("REQUEST");
    expect(events[0]!.description).toContain(`/booking/${token}`);
    // One .ics attachment as well as the calendar part, not two.
    expect(mail.parsed.attachments.filter((a) => a.filename?.endsWith(".ics"))).toHaveLength(1);

    const again = await client.post(`/events/${sessionId}`, attendeeForm("mail2", { email: "BOOKER@test.example", name: "Someone Else" }));
    expect(again.status).toBe(200);
    const link = await waitForMail(
      smtp,
      (m) => m.envelopeTo[0] === "booker@test.example" && Boolean(m.parsed.subject?.startsWith("Your booking")),
    );
    expect(link.parsed.text).toContain(`/booking/${token}`);
    expect(link.parsed.text).toContain("Dear Bea Booker");
  });

  it("shows administrators each email's HTML only as a sandboxed document", async () => {
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const client = new Client(server.url);
    await client.signIn(admin.email, admin.password);
    const { sqlite } = openServerDatabase(server.databasePath);
    const { id } = sqlite.prepare("select id from email_outbox order by id limit 1").get() as { id: number };
    sqlite.close();
    const page = await (await client.get(`/admin/outbox/${id}`)).text();
    expect(page).toContain(`/admin/outbox/${id}/html`);
    const html = await client.get(`/admin/outbox/${id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(await html.text()).toMatch(/^<!DOCTYPE html>/);
  });
});
