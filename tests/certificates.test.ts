/**
 * Certificates of attendance (issue 14, ADR 023): only for someone marked as having come to a session that
 * took place and has ended; a PDF whose words are real text (read back with poppler's pdftotext); a code that
 * anyone shown the certificate can check, which confirms the name, the training and the date and nothing else,
 * and stops checking out when the attendance is corrected or the person's details are removed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { certificateForManageToken, checkCertificate, cpdHours } from "~/models/certificate.server";
import { queueCertificateEmails } from "~/models/outbox-schedule.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { createUser } from "~/models/user.server";
import { certificatePdf } from "~/utils/certificate-pdf.server";
import { formatDate } from "~/utils/dates";
import { DEFAULT_CJK_FONT } from "~/utils/env.server";
import { newCertificateCode, normaliseCertificateCode } from "~/utils/tokens.server";

import { hoursFromNow, testNow } from "./support/clock";
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { startServer, type RunningServer } from "./support/server";

const PDFTOTEXT = process.env.PDFTOTEXT_PATH ?? "/usr/bin/pdftotext";
/** npm test installs Debian's fonts-wqy-microhei, as a server should have it (README). */
const CJK_FONT = DEFAULT_CJK_FONT;
const scratch = mkdtempSync(path.join(tmpdir(), "certificates-"));
let pdfs = 0;
/** The PDF's text as a reader of it gets it: poppler's pdftotext, lines joined with single spaces. */
function textOf(pdf: Buffer): { text: string; pages: number } {
  const file = path.join(scratch, `${++pdfs}.pdf`);
  writeFileSync(file, pdf);
  const run = spawnSync(PDFTOTEXT, [file, "-"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return { text: run.stdout.replace(/\s+/g, " ").trim(), pages: run.stdout.split("\f").filter((p) => p.trim()).length };
}

describe("verification codes", () => {
  it("are 12 characters of Crockford's base 32, in threes of four, all different", () => {
    const codes = Array.from({ length: 2000 }, newCertificateCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are read back however they are typed, and anything that cannot be one is refused", () => {
    for (const typed of ["7KQ2-M9XD-4HTB", "7kq2-m9xd-4htb", " 7KQ2 M9XD 4HTB ", "7KQ2M9XD4HTB", "7KQ2–M9XD—4HTB"])
      expect(normaliseCertificateCode(typed), typed).toBe("7KQ2-M9XD-4HTB");
    // O, I and L are the 0 and 1 they look like.
    expect(normaliseCertificateCode("OIL0-1111-2222")).toBe("0110-1111-2222");
    for (const typed of [
      "",
      "7KQ2-M9XD-4HT",
      "7KQ2-M9XD-4HTBX",
      "7KQ2-M9XD-4HTU",
      "7KQ2\u0000M9XD4HTB",
      "👍".repeat(12),
      "A".repeat(100_000),
    ])
      expect(normaliseCertificateCode(typed), typed.slice(0, 20)).toBeNull();
  });
});

describe("the length of a session for a CPD record", () => {
  it("is in hours, to two places at most", () => {
    const at = (minutes: number) => cpdHours(new Date(0), new Date(minutes * 60_000));
    expect([at(60), at(90), at(105), at(120), at(100), at(420)]).toEqual([
      "1 hour",
      "1.5 hours",
      "1.75 hours",
      "2 hours",
      "1.67 hours",
      "7 hours",
    ]);
  });
});

describe("who gets a certificate", () => {
  const now = testNow();
  const programme = insertProgramme(db, { title: "MARAC and DASH risk assessment" });
  // Ended three hours ago, two and a half hours long.
  const ended = insertSession(db, { programmeId: programme.id, startsInHours: -5.5, hours: 2.5 });
  const came = insertBookingRow(db, { sessionId: ended.id, name: "Aoife O'Connor", attendance: "attended" });
  const codeOf = (bookingId: number) => db.select().from(schema.bookings).where(eq(schema.bookings.id, bookingId)).get()!.certificateCode;

  it("someone marked as having come, once the session has ended: their name, the training, its date and length, and a code", () => {
    const certificate = certificateForManageToken({ token: came.manageToken, now })!;
    expect(certificate).toMatchObject({
      name: "Aoife O'Connor",
      programmeTitle: "MARAC and DASH risk assessment",
      date: formatDate(ended.startsAt),
      duration: "2.5 hours",
      organisationName: "Safer City Partnership",
    });
    expect(certificate.checkUrl).toBe(`http://localhost:3000/certificates?code=${certificate.code}`);
    // The code is given once and kept.
    expect(codeOf(came.id)).toBe(certificate.code);
    expect(certificateForManageToken({ token: came.manageToken, now })!.code).toBe(certificate.code);
    expect(checkCertificate({ typed: certificate.code.toLowerCase(), now })).toEqual({
      outcome: "genuine",
      code: certificate.code,
      name: "Aoife O'Connor",
      programmeTitle: "MARAC and DASH risk assessment",
      date: formatDate(ended.startsAt),
    });
  });

  it("nobody who did not come, was not marked, lost their place, or whose session was cancelled or has not ended", () => {
    const none = [
      insertBookingRow(db, { sessionId: ended.id, attendance: "no_show" }),
      insertBookingRow(db, { sessionId: ended.id, attendance: "unknown" }),
      insertBookingRow(db, { sessionId: ended.id, attendance: "attended", status: "cancelled", cancelledAt: now }),
    ];
    const running = insertSession(db, { programmeId: programme.id, startsInHours: -1, hours: 2 });
    none.push(insertBookingRow(db, { sessionId: running.id, attendance: "attended" }));
    const cancelled = insertSession(db, { programmeId: programme.id, startsInHours: -30, hours: 2, status: "cancelled" });
    none.push(insertBookingRow(db, { sessionId: cancelled.id, attendance: "attended" }));
    for (const booking of none) {
      expect(certificateForManageToken({ token: booking.manageToken, now })).toBeNull();
      expect(codeOf(booking.id)).toBeNull();
    }
    // The running session's attendee gets theirs once it ends.
    expect(certificateForManageToken({ token: none[3]!.manageToken, now: running.endsAt })).not.toBeNull();
  });

  it("waits, for a walk-in who added themselves at check-in, until staff confirm on the register that they came", async () => {
    const selfAdded = insertBookingRow(db, { sessionId: ended.id, source: "walk_in", attendance: "attended", attendanceMarkedBy: null });
    expect(certificateForManageToken({ token: selfAdded.manageToken, now })).toBeNull();
    queueCertificateEmails({ now });
    expect(db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.bookingId, selfAdded.id)).all()).toEqual([]);
    const facilitator = await createUser({
      email: "facilitator@cert.example",
      name: "Fay",
      role: "facilitator",
      password: "a long enough password",
    });
    db.update(schema.bookings).set({ attendanceMarkedBy: facilitator.id }).where(eq(schema.bookings.id, selfAdded.id)).run();
    const { code } = certificateForManageToken({ token: selfAdded.manageToken, now })!;
    expect(checkCertificate({ typed: code, now }).outcome).toBe("genuine");
  });

  it("shows a sensitive programme by its public title, as everything the public sees does", () => {
    const sensitive = insertProgramme(db, {
      title: "Survivors' forum facilitation",
      sensitive: true,
      publicTitle: "Group facilitation skills",
    });
    const session = insertSession(db, { programmeId: sensitive.id, startsInHours: -10, hours: 1 });
    const booking = insertBookingRow(db, { sessionId: session.id, attendance: "attended" });
    const certificate = certificateForManageToken({ token: booking.manageToken, now })!;
    expect(certificate.programmeTitle).toBe("Group facilitation skills");
    expect(checkCertificate({ typed: certificate.code, now })).toMatchObject({
      outcome: "genuine",
      programmeTitle: "Group facilitation skills",
    });
  });

  it("stops checking out when the attendance is corrected, and is gone with the person's details", () => {
    const booking = insertBookingRow(db, { sessionId: ended.id, name: "Corrected Later", attendance: "attended" });
    const { code } = certificateForManageToken({ token: booking.manageToken, now })!;
    expect(checkCertificate({ typed: code, now }).outcome).toBe("genuine");
    db.update(schema.bookings).set({ attendance: "no_show" }).where(eq(schema.bookings.id, booking.id)).run();
    expect(checkCertificate({ typed: code, now })).toEqual({ outcome: "unknown", code });
    db.update(schema.bookings).set({ attendance: "attended" }).where(eq(schema.bookings.id, booking.id)).run();
    expect(checkCertificate({ typed: code, now }).outcome).toBe("genuine");

    // The retention period ends for this session (and every other one in this file).
    anonymiseExpiredBookings({ now: new Date(ended.endsAt.getTime() + 3 * 365 * 86_400_000) });
    expect(checkCertificate({ typed: code, now })).toEqual({ outcome: "unknown", code });
    expect(codeOf(booking.id)).toBeNull();
    expect(checkCertificate({ typed: "not a code", now })).toEqual({ outcome: "malformed" });
  });
});

describe("the certificate as a PDF", () => {
  it("is one page whose words are real text, names from anywhere included", async () => {
    for (const name of [
      "Łucja Żółkiewska-Nowak",
      "Nguyễn Ngọc Ánh",
      "Олена Коваленко",
      "Zoë D'Arcy-Ó Súilleabháin",
      // Set in the CJK font (DejaVu has none of these), Latin letters alongside included.
      "王秀英",
      "김민준",
      "さくら Sato",
    ]) {
      const pdf = await certificatePdf(
        {
          name,
          programmeTitle: "Domestic Abuse Housing Alliance (DAHA) training",
          date: "Tuesday 3 March 2026",
          duration: "2.5 hours",
          organisationName: "Safer City Partnership",
          code: "7KQ2-M9XD-4HTB",
          checkUrl: "https://training.example.gov.uk/certificates?code=7KQ2-M9XD-4HTB",
          now: testNow(),
        },
        { cjkFont: CJK_FONT },
      );
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const { text, pages } = textOf(pdf);
      expect(pages).toBe(1);
      for (const words of [
        "Safer City Partnership",
        "Certificate of attendance",
        `This is to certify that ${name} attended Domestic Abuse Housing Alliance (DAHA) training on Tuesday 3 March 2026`,
        "Duration: 2.5 hours of continuing professional development (CPD)",
        "Verification code: 7KQ2-M9XD-4HTB",
        "https://training.example.gov.uk/certificates?code=7KQ2-M9XD-4HTB",
      ])
        expect(text).toContain(words);
    }
  });
});

describe("the certificate's layout", () => {
  it("keeps the longest name and title the service takes above the footer, on one page", async () => {
    const pdf = await certificatePdf({
      name: `${"Maximiliana Bartholomew-Featherstonehaugh ".repeat(3)}`.slice(0, 120),
      programmeTitle:
        "Domestic Abuse Housing Alliance (DAHA) accreditation training for housing estate staff, caretakers and concierges: part 2",
      date: "Wednesday 30 September 2026",
      duration: "7.5 hours",
      organisationName: "Safer City Partnership",
      code: "7KQ2-M9XD-4HTB",
      checkUrl: "https://training.example.gov.uk/certificates?code=7KQ2-M9XD-4HTB",
      now: testNow(),
    });
    const file = path.join(scratch, "long.pdf");
    writeFileSync(file, pdf);
    const boxes = spawnSync(PDFTOTEXT, ["-bbox", file, "-"], { encoding: "utf8" }).stdout;
    const box = (word: string) => {
      const found = new RegExp(`yMin="([\\d.]+)"[^>]*yMax="([\\d.]+)">${word}<`).exec(boxes);
      if (!found) throw new Error(`${word} not in the PDF`);
      return { top: Number(found[1]), bottom: Number(found[2]) };
    };
    expect(box("Duration:").bottom).toBeLessThan(box("Verification").top);
    expect(textOf(pdf).pages).toBe(1);
  });
});

describe("the email with the certificate", () => {
  const programme = insertProgramme(db, { title: "Behind Closed Doors" });
  const outbox = (sessionId: number) =>
    db
      .select({ kind: schema.emailOutbox.kind, to: schema.emailOutbox.toAddress, text: schema.emailOutbox.textBody })
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.sessionId, sessionId))
      .all()
      .filter((m) => m.kind === "certificate");

  it("goes once, after the session, to each person marked as having come, with the link to their certificate", () => {
    const session = insertSession(db, { programmeId: programme.id, startsInHours: 24, hours: 3 });
    const came = [1, 2].map((n) => insertBookingRow(db, { sessionId: session.id, name: `Came ${n}`, attendance: "attended" }));
    insertBookingRow(db, { sessionId: session.id, attendance: "no_show" });
    insertBookingRow(db, { sessionId: session.id, attendance: "unknown" });
    insertBookingRow(db, { sessionId: session.id, attendance: "attended", status: "cancelled", cancelledAt: testNow() });

    queueCertificateEmails({ now: new Date(session.endsAt.getTime() - 60_000) });
    expect(outbox(session.id)).toEqual([]);
    const after = new Date(session.endsAt.getTime() + 5 * 60_000);
    queueCertificateEmails({ now: after });
    expect(outbox(session.id)).toHaveLength(2);
    queueCertificateEmails({ now: after });
    const sent = outbox(session.id);
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.to).sort()).toEqual(came.map((b) => b.email).sort());
    for (const booking of came) {
      const message = sent.find((m) => m.to === booking.email)!;
      expect(message.text).toContain(`http://localhost:3000/booking/${booking.manageToken}/certificate.pdf`);
      expect(certificateForManageToken({ token: booking.manageToken, now: after })).not.toBeNull();
    }
  });

  it("is not sent for sessions that ended more than 30 days before (history when certificates began)", () => {
    const session = insertSession(db, { programmeId: programme.id, startsInHours: -24 * 31 - 2, hours: 2 });
    insertBookingRow(db, { sessionId: session.id, attendance: "attended" });
    queueCertificateEmails({ now: testNow() });
    expect(outbox(session.id)).toEqual([]);
  });
});

describe("certificates through the server", () => {
  let app: RunningServer;
  let came: { manageToken: string; name: string };
  let noShow: { manageToken: string };
  beforeAll(async () => {
    app = await startServer();
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Licensed venues: Ask for Angela" }).id;
    const session = insertSession(serverDb, { programmeId, startsInHours: -4, hours: 2 });
    came = insertBookingRow(serverDb, { sessionId: session.id, name: "Sam <b>Taylor</b> & Co", attendance: "attended" });
    noShow = insertBookingRow(serverDb, { sessionId: session.id, attendance: "no_show" });
    sqlite.close();
  });
  afterAll(async () => {
    await app?.stop();
  });
  const get = (url: string) => fetch(`${app.url}${url}`, { redirect: "manual" });

  it("offers the certificate on the manage page of someone who came, as a PDF no cache keeps", async () => {
    const page = decodeHtml(await (await get(`/booking/${came.manageToken}`)).text());
    expect(page).toContain("Download your certificate of attendance (PDF, 1 page)");
    // After the session the page is the record of it: not "your place is confirmed", nor a calendar file.
    expect(page).toContain("You attended");
    expect(page).not.toContain("Your place is confirmed");
    expect(page).not.toContain("Add this session to your calendar");
    const noShowPage = decodeHtml(await (await get(`/booking/${noShow.manageToken}`)).text());
    expect(noShowPage).not.toContain("Download your certificate");
    expect(noShowPage).toContain("This session took place on");

    const response = await get(`/booking/${came.manageToken}/certificate.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="certificate-of-attendance.pdf"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { text } = textOf(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain("This is to certify that Sam <b>Taylor</b> & Co attended Licensed venues: Ask for Angela");
    const code = /Verification code: ([0-9A-Z-]{14})/.exec(text)![1]!;

    expect((await get(`/booking/${noShow.manageToken}/certificate.pdf`)).status).toBe(404);
    expect((await get(`/booking/not-a-real-token-at-all-xyz/certificate.pdf`)).status).toBe(404);

    // Checked by whoever is shown it, typed as they like.
    const check = await get(`/certificates?code=${encodeURIComponent(code.toLowerCase().replaceAll("-", " "))}`);
    expect(check.status).toBe(200);
    expect(check.headers.get("cache-control")).toBe("no-store");
    const html = await check.text();
    expect(html).toContain("This certificate is genuine");
    expect(html).toContain("Sam &lt;b&gt;Taylor&lt;/b&gt; &amp; Co");
    expect(decodeHtml(html)).toContain("Licensed venues: Ask for Angela");
    expect(html).toContain('name="robots" content="noindex, nofollow"');
    // Nothing else about the person.
    expect(html).not.toContain(came.manageToken);
    expect(html).not.toContain("Hotel Aurora");
  });

  it("answers every code anyone can type with the form and a message beside the field, never an error page", async () => {
    const blank = await get("/certificates");
    expect(blank.status).toBe(200);
    expect(await blank.text()).toContain("Check a certificate of attendance");

    for (const [query, message] of [
      ["code=", "Enter the verification code printed on the certificate"],
      ["code=%20%20", "Enter the verification code printed on the certificate"],
      ["code=hello", "Enter the code as it is printed on the certificate"],
      ["code=%FF%FE", "Enter the code as it is printed on the certificate"],
      ["code=%00", "Enter the code as it is printed on the certificate"],
      [`code=${"A".repeat(5000)}`, "Enter the code as it is printed on the certificate"],
      ["code=ZZZZ-ZZZZ-ZZZZ", "No certificate matches this code"],
      ["code[]=1&code=ZZZZ-ZZZZ-ZZZ1", "No certificate matches this code"],
    ] as const) {
      const response = await get(`/certificates?${query}`);
      expect(response.status, query.slice(0, 30)).toBe(200);
      const html = decodeHtml(await response.text());
      expect(html, query.slice(0, 30)).toContain("govuk-error-message");
      expect(html).toContain(message);
    }
    // What was typed is kept in the field.
    expect(await (await get("/certificates?code=zzzz-zzzz-zzzz")).text()).toContain('value="ZZZZ-ZZZZ-ZZZZ"');
    expect(await (await get("/certificates?code=hello")).text()).toContain('value="hello"');
  });

  it("is not offered to anyone before the session has ended", async () => {
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Later today" }).id;
    const session = insertSession(serverDb, { programmeId, startsInHours: -0.5, hours: 2 });
    const marked = insertBookingRow(serverDb, { sessionId: session.id, attendance: "attended", attendanceMarkedAt: hoursFromNow(-0.25) });
    sqlite.close();
    expect(await (await get(`/booking/${marked.manageToken}`)).text()).not.toContain("Download your certificate");
    expect((await get(`/booking/${marked.manageToken}/certificate.pdf`)).status).toBe(404);
  });
});
