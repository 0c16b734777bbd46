/**
 * The server remembers public pages between visitors (server/public-pages.ts, ADR 020). What it sends must be
 * what the app would make at that moment: a booking, an edit or a write by another program shows at once, time
 * alone ends a page's life, the page's policy allows exactly its own inline scripts, and nothing personal is
 * ever kept or shared.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/db.server";
import { cancelBooking, createBooking, type AttendeeDetails } from "~/models/booking.server";
import { dataVersion, nextTimedChange } from "~/models/public-pages.server";
import { ukMonthKey } from "~/utils/dates";

import { DEMO_ACCOUNTS } from "../db/seed-data/demo";
import { acceptsGzip, publicPageMemory, withScriptHashes } from "../server/public-pages";
import { hoursFromNow, testNow } from "./support/clock";
import { attendeeForm, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

const POLICY = (nonce: string) => `script-src 'self' 'nonce-${nonce}'; style-src 'self'`;

/** Just enough of a request and of Node's response for the memory. */
function fakeRequest(method: string, headers: Record<string, string> = {}) {
  return { method, headers };
}
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string | number>, body: Buffer.alloc(0) as Buffer };
  const res = {
    statusMessage: "",
    set statusCode(code: number) {
      sent.status = code;
    },
    setHeader: (name: string, value: string | number) => (sent.headers[name.toLowerCase()] = value),
    end: (body: Buffer) => (sent.body = body),
  } as unknown as ServerResponse;
  return { res, sent };
}
/** As the app's: 16 random bytes in base64. */
const NONCE = "h2Bq9Zt0VmXc4Lr8YwKs1g==";
const sha = (source: string) => `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;
const page = (nonce: string, text: string, init: ResponseInit = {}) =>
  new Response(null, {
    status: 200,
    ...init,
    headers: { "Content-Security-Policy": POLICY(nonce), "Content-Type": "text/html", ...(init.headers as Record<string, string>) },
  });

describe("the memory of public pages", () => {
  const memory = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });

  it("remembers only plain reads of pages with nothing personal or secret in them", () => {
    for (const path of ["/", "/events", "/events?programme=2&month=2027-01", "/events/12", "/api/sessions", "/privacy", "/accessibility"])
      expect(memory.keyFor(fakeRequest("GET"), path), path).toBe(`en ${path}`);
    for (const path of [
      "/admin",
      "/admin/sessions",
      "/booking/abc",
      "/feedback/abc",
      "/events/abc",
      "/events/12/x",
      "/events.data",
      "/sign-in",
    ])
      expect(memory.keyFor(fakeRequest("GET"), path), path).toBeNull();
    expect(memory.keyFor(fakeRequest("POST"), "/events/12")).toBeNull();
    expect(memory.keyFor(fakeRequest("HEAD"), "/events")).toBeNull();
    expect(memory.keyFor(fakeRequest("GET", { cookie: "staff_session=x" }), "/")).toBeNull();
    expect(memory.keyFor(fakeRequest("GET", { authorization: "Basic eDp5" }), "/")).toBeNull();
  });

  it("sends a kept page as the same bytes to everyone, its inline scripts allowed by hash, until the data or the time moves on", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });
    const nonce = "AAAAAAAAAAAAAAAAAAAAAA==";
    expect(
      m.remember(
        "/",
        { version: "7", now: 100 },
        page(nonce, ""),
        `<script nonce="${nonce}">a</script><p>x</p><script nonce="${nonce}" src="/x.js"></script><script nonce="${nonce}">b()</script><script nonce="${nonce}">a</script>`,
      ),
    ).toBe(true);

    for (let i = 0; i < 3; i++) {
      const { res, sent } = fakeResponse();
      expect(m.send("/", { version: "7", now: 500 }, fakeRequest("GET"), res, { "X-Frame-Options": "DENY" })).toBe(true);
      expect(sent.headers["content-security-policy"]).toBe(`script-src 'self' ${sha("a")} ${sha("b()")}; style-src 'self'`);
      expect(sent.body.toString("utf8")).toBe(
        `<script>a</script><p>x</p><script src="/x.js"></script><script>b()</script><script>a</script>`,
      );
      expect(sent.headers["x-frame-options"]).toBe("DENY");
      expect(sent.headers["vary"]).toBe("Accept-Encoding, Accept-Language, Cookie");
      expect(sent.headers["content-length"]).toBe(sent.body.length);
      expect(sent.status).toBe(200);
    }

    // Anything written since: made again (and the stale copy forgotten).
    expect(m.send("/", { version: "8", now: 500 }, fakeRequest("GET"), fakeResponse().res)).toBe(false);
    expect(m.send("/", { version: "7", now: 500 }, fakeRequest("GET"), fakeResponse().res)).toBe(false);

    // Time alone: the page made at 100 is true until 1100, not at 1100.
    m.remember("/", { version: "7", now: 100 }, page(nonce, ""), "page");
    expect(m.send("/", { version: "7", now: 1099 }, fakeRequest("GET"), fakeResponse().res)).toBe(true);
    expect(m.send("/", { version: "7", now: 1100 }, fakeRequest("GET"), fakeResponse().res)).toBe(false);
  });

  it("compresses a kept page once, for visitors whose browsers take gzip", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });
    const stamp = { version: "1", now: 0 };
    const text = `<p>${"Training and events ".repeat(200)}</p>`;
    m.remember("/", stamp, page(NONCE, ""), text);
    const answers = ["gzip, deflate, br", "br;q=1, gzip;q=0.5", "*", "identity", "gzip;q=0", "br", ""].map((acceptEncoding) => {
      const { res, sent } = fakeResponse();
      expect(m.send("/", stamp, fakeRequest("GET", acceptEncoding ? { "accept-encoding": acceptEncoding } : {}), res)).toBe(true);
      return sent;
    });
    for (const gzipped of answers.slice(0, 3)) {
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      expect(gzipped.body.length).toBeLessThan(text.length / 10);
      expect(gunzipSync(gzipped.body).toString("utf8")).toBe(text);
      expect(gzipped.body).toBe(answers[0]!.body); // made once
    }
    for (const plain of answers.slice(3)) {
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.toString("utf8")).toBe(text);
    }
    for (const sent of answers) expect(sent.headers["vary"]).toBe("Accept-Encoding, Accept-Language, Cookie");
  });

  it("reads Accept-Encoding as browsers and proxies write it", () => {
    for (const yes of ["gzip", "GZIP", "gzip, deflate", "deflate, gzip;q=0.1", "*", "*;q=0.5", "gzip;q=1.0, *;q=0"])
      expect(acceptsGzip(yes), yes).toBe(true);
    for (const no of [undefined, "", "identity", "br", "deflate, br", "gzip;q=0", "gzip;q=0.0", "*;q=0", "*, gzip;q=0", "x-gzip"])
      expect(acceptsGzip(no), String(no)).toBe(false);
  });

  it("keeps no page whose nonce it cannot replace safely", () => {
    const policy = "script-src 'self' 'nonce-QUJD'";
    expect(withScriptHashes(`<script nonce="QUJD">a</script>`, policy)).toEqual({
      text: "<script>a</script>",
      policy: `script-src 'self' ${sha("a")}`,
    });
    expect(withScriptHashes(`<p>No scripts</p>`, policy)).toEqual({ text: "<p>No scripts</p>", policy: "script-src 'self'" });
    // The nonce somewhere else in the page (a visitor's text, a data attribute): not kept.
    expect(withScriptHashes(`<script nonce="QUJD">a</script><p>QUJD</p>`, policy)).toBeNull();
    // A carriage return, which the browser turns into a line feed before hashing.
    expect(withScriptHashes(`<script nonce="QUJD">a\r\nb</script>`, policy)).toBeNull();
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });
    expect(m.remember("/", { version: "1", now: 0 }, page("QUJD", ""), `<script nonce="QUJD">a</script><p>QUJD</p>`)).toBe(false);
    expect(m.send("/", { version: "1", now: 0 }, fakeRequest("GET"), fakeResponse().res)).toBe(false);
  });

  it("keeps no answer that is not a plain page for everyone", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });
    const stamp = { version: "1", now: 0 };
    m.remember("/a", stamp, page(NONCE, "", { status: 404 }), "not found");
    m.remember("/b", stamp, page(NONCE, "", { headers: { "Set-Cookie": "x=1" } }), "cookie");
    m.remember("/c", stamp, page(NONCE, "", { headers: { "Cache-Control": "no-store" } }), "no store");
    m.remember("/d", stamp, page(NONCE, "", { headers: { "Cache-Control": "private, max-age=60" } }), "private");
    for (const key of ["/a", "/b", "/c", "/d"]) expect(m.send(key, stamp, fakeRequest("GET"), fakeResponse().res), key).toBe(false);
  });

  it("holds a bounded amount, forgetting the least recently read first", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000, language: () => "en" });
    const stamp = { version: "1", now: 0 };
    const sent = (key: string) => m.send(key, stamp, fakeRequest("GET"), fakeResponse().res);
    const big = "x".repeat(3 * 1024 * 1024); // 3 MB as kept: ten fit in 32 MB, eleven do not
    for (let i = 0; i < 10; i++) m.remember(`/events?p=${i}`, stamp, page(NONCE, ""), big);
    expect(sent("/events?p=0")).toBe(true); // now the most recently read
    m.remember("/events?p=10", stamp, page(NONCE, ""), big);
    expect(sent("/events?p=1")).toBe(false);
    expect(sent("/events?p=0")).toBe(true);
    expect(sent("/events?p=10")).toBe(true);
    // A page too big to be worth an eighth of the memory is never kept.
    m.remember("/events?p=huge", stamp, page(NONCE, ""), "x".repeat(4.5 * 1024 * 1024));
    expect(sent("/events?p=huge")).toBe(false);
  });
});

describe("what the memory asks of the data", () => {
  it("a version that changes with every write", () => {
    const before = dataVersion();
    expect(dataVersion()).toBe(before);
    const programme = insertProgramme(db, { title: "Version check" });
    const afterInsert = dataVersion();
    expect(afterInsert).not.toBe(before);
    insertSession(db, { programmeId: programme.id });
    expect(dataVersion()).not.toBe(afterInsert);
  });

  it("a version that stays as it was for a place on the waiting list, which no public page shows", () => {
    const now = testNow();
    const person = (n: number): AttendeeDetails => ({
      name: `Waiting ${n}`,
      email: `waiting-${n}@test.example`,
      organisation: "Test Organisation",
      sector: "business",
      jobRole: "Tester",
      department: null,
      accessNeeds: null,
    });
    const programme = insertProgramme(db, { title: "Waiting list version" });
    const { id: sessionId } = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 20, capacity: 1 });
    const empty = dataVersion();
    expect(createBooking({ sessionId, attendee: person(1), now })).toMatchObject({ ok: true, status: "confirmed" });
    const full = dataVersion();
    expect(full).not.toBe(empty); // places left: 1 → 0

    const waiting = createBooking({ sessionId, attendee: person(2), now });
    expect(waiting).toMatchObject({ ok: true, status: "waitlisted" });
    expect(dataVersion()).toBe(full);
    // Booking again is refused and the link emailed: nothing public either.
    expect(createBooking({ sessionId, attendee: person(2), now })).toMatchObject({ ok: false, reason: "duplicate" });
    expect(dataVersion()).toBe(full);

    // Every other write still moves it on, a waiting place's cancellation included.
    cancelBooking({ bookingId: (waiting as { bookingId: number }).bookingId, by: "attendee", now });
    const cancelled = dataVersion();
    expect(cancelled).not.toBe(full);
    insertProgramme(db, { title: "Another write" });
    expect(dataVersion()).not.toBe(cancelled);
  });

  it("the next start, end or close of booking of any session after now", () => {
    const programme = insertProgramme(db, { title: "Timing check" });
    // Each in a window of its own, so the earliest of each kind is this test's.
    const far = 24 * 365 * 30;
    const session = insertSession(db, { programmeId: programme.id, startsInHours: far + 10, hours: 2, closesHoursBefore: 4 });
    const [closes, starts, ends] = [session.bookingClosesAt, session.startsAt, session.endsAt].map((d) => d.getTime());
    const from = hoursFromNow(far);
    expect(nextTimedChange({ now: from })).toBe(closes);
    expect(nextTimedChange({ now: new Date(closes!) })).toBe(starts);
    expect(nextTimedChange({ now: new Date(starts!) })).toBe(ends);
    expect(nextTimedChange({ now: new Date(ends!) })).toBeNull();
    // Booking closes first for a session cancelled later: still a change the public can see.
    const cancelled = insertSession(db, { programmeId: programme.id, startsInHours: far + 5, closesHoursBefore: 3, status: "cancelled" });
    expect(nextTimedChange({ now: from })).toBe(cancelled.bookingClosesAt.getTime());
    expect(cancelled.bookingClosesAt.getTime()).toBeLessThan(closes!);
    expect(testNow().getTime()).toBeLessThan(from.getTime());
  });
});

describe("remembered public pages through the server", () => {
  let app: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    app = await startServer();
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Memory check programme" }).id;
    sessionId = insertSession(serverDb, { programmeId, startsInHours: 24 * 20, capacity: 5 }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const anonymous = async (path: string) => {
    const response = await fetch(`${app.url}${path}`);
    const body = await response.text();
    return { response, body };
  };
  /** Node's own client: fetch would ask for gzip and unpack it unseen. */
  const raw = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${app.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });

  it("gives every visitor the same bytes, its policy allowing exactly the page's inline scripts by hash", async () => {
    const first = await raw(`/events/${sessionId}`);
    const second = await raw(`/events/${sessionId}`);
    expect(second.body.equals(first.body)).toBe(true);
    const policy = String(second.headers["content-security-policy"]);
    expect(policy).toBe(String(first.headers["content-security-policy"]));
    expect(policy).not.toContain("nonce");
    const html = second.body.toString("utf8");
    expect(html).not.toContain("nonce=");
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => !/src=/.test(attributes!));
    expect(inline.length).toBeGreaterThanOrEqual(3); // the js-enabled class, Remix's context and its module loader
    const allowed = /script-src ([^;]*)/
      .exec(policy)![1]!
      .split(" ")
      .filter((s) => s.startsWith("'sha256-"));
    expect(new Set(allowed)).toEqual(new Set(inline.map(([, , source]) => sha(source!))));
    // The server's own headers, as on every page.
    for (const answer of [first, second]) {
      expect(answer.headers["x-frame-options"]).toBe("DENY");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["referrer-policy"]).toBe("same-origin");
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    }
    // Gzipped for a browser that takes it, the same page inside.
    const gzipped = await raw(`/events/${sessionId}`, { "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers["vary"]).toContain("Accept-Encoding");
    expect(gunzipSync(gzipped.body).equals(first.body)).toBe(true);
  });

  it("sends a signed-in member of staff's pages with a nonce of their own, as before", async () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const staff = new Client(app.url);
    expect((await staff.signIn(organiser.email, organiser.password)).status).toBe(302);
    const response = await staff.get(`/events/${sessionId}`);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(await response.text()).toContain(`nonce="${nonce}"`);
  });

  it("shows a booking on every public page at once", async () => {
    for (const path of ["/", `/events/${sessionId}`, "/events", "/api/sessions"]) await anonymous(path); // all remembered
    expect((await anonymous(`/events/${sessionId}`)).body).toContain("5 places left");

    const visitor = new Client(app.url);
    tokenFrom(await visitor.post(`/events/${sessionId}`, attendeeForm("memory-1")));

    expect((await anonymous(`/events/${sessionId}`)).body).toContain("4 places left");
    expect((await anonymous("/events")).body).toContain("4 places left");
    expect((await anonymous("/")).body).toContain("4 places left");
    const feed = JSON.parse((await anonymous("/api/sessions")).body) as { sessions: Array<{ id: number; placesLeft: number }> };
    expect(feed.sessions.find((s) => s.id === sessionId)?.placesLeft).toBe(4);
  });

  it("keeps its pages through places taken on a waiting list, which show on none of them", async () => {
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(serverDb, { title: "Waiting list memory programme" }).id;
    const full = insertSession(serverDb, { programmeId, startsInHours: 24 * 21, capacity: 1 }).id;
    sqlite.close();
    tokenFrom(await new Client(app.url).post(`/events/${full}`, attendeeForm("memory-full")));
    const paths = ["/", "/events", `/events/${full}`, "/api/sessions"];
    const kept = new Map<string, string>();
    for (const path of paths) kept.set(path, (await anonymous(path)).body);
    expect(kept.get(`/events/${full}`)).toContain("Join the waiting list");

    for (const n of [1, 2, 3]) tokenFrom(await new Client(app.url).post(`/events/${full}`, attendeeForm(`memory-waiting-${n}`)));
    const check = openServerDatabase(app.databasePath);
    const statuses = check.sqlite.prepare("select status, count(*) as n from bookings where session_id = ? group by status").all(full);
    check.sqlite.close();
    expect(statuses).toEqual([
      { status: "confirmed", n: 1 },
      { status: "waitlisted", n: 3 },
    ]);

    // Visitors get the very bytes they got before the waiting list grew, and they say what a page made now for
    // a visitor the memory does not serve (any cookie) says.
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
    for (const path of paths) {
      const now = (await anonymous(path)).body;
      expect(now, path).toBe(kept.get(path));
      const made = await (await fetch(`${app.url}${path}`, { headers: { cookie: "made=1" } })).text();
      if (path === "/api/sessions") expect(JSON.parse(made)).toEqual(JSON.parse(now));
      else expect(main(made), path).toBe(main(now));
    }
  });

  it("shows a write by another program (a script, another process) at once", async () => {
    await anonymous(`/events/${sessionId}`);
    const { sqlite } = openServerDatabase(app.databasePath);
    sqlite.prepare("update programmes set title = 'Renamed by a script' where title = 'Memory check programme'").run();
    sqlite.close();
    expect((await anonymous(`/events/${sessionId}`)).body).toContain("Renamed by a script");
  });

  it("never shows a signed-in member of staff's page to anyone else, nor the public's page to them", async () => {
    await anonymous("/");
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const staff = new Client(app.url);
    expect((await staff.signIn(organiser.email, organiser.password)).status).toBe(302);
    const theirs = await (await staff.get("/")).text();
    expect(theirs).toContain("Sign out");
    const publicPage = (await anonymous("/")).body;
    expect(publicPage).not.toContain("Sign out");
    expect(publicPage).not.toContain(organiser.email);
  });
});

describe("the events list in pages", () => {
  let app: RunningServer;
  let programmeId: number;
  beforeAll(async () => {
    app = await startServer();
    const { db: serverDb, sqlite } = openServerDatabase(app.databasePath);
    programmeId = insertProgramme(serverDb, { title: "Paging check programme" }).id;
    // 45 of this programme's sessions, a day apart from 300 days ahead: after every demo session.
    for (let i = 0; i < 45; i++) insertSession(serverDb, { programmeId, startsInHours: 24 * (300 + i) });
    sqlite.close();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const cards = (html: string) => [...html.matchAll(/data-session-id="(\d+)"/g)].map((m) => Number(m[1]));
  const text = async (path: string) => decodeHtml(await (await fetch(`${app.url}${path}`)).text());

  it("sends 20 sessions a page, in order, with every session on exactly one page", async () => {
    const first = await text(`/events?programme=${programmeId}`);
    expect(first).toContain("45 sessions match your filters. Showing 1 to 20.");
    expect(first).toContain("<title>Upcoming events (page 1 of 3)");
    const pages = [first, await text(`/events?programme=${programmeId}&page=2`), await text(`/events?programme=${programmeId}&page=3`)];
    expect(pages.map((p) => cards(p).length)).toEqual([20, 20, 5]);
    const all = pages.flatMap(cards);
    expect(new Set(all).size).toBe(45);
    expect(pages[2]).toContain("Showing 41 to 45.");
    // The links keep the filter, and page 1 has no number in its address.
    expect(pages[1]).toContain(`href="/events?programme=${programmeId}&page=3"`);
    expect(pages[1]).toContain(`href="/events?programme=${programmeId}"`);
    expect(pages[1]).toContain('aria-current="page"');
  });

  it("takes a page past the end to the last page, and anything not a page number to the first", async () => {
    expect(cards(await text(`/events?programme=${programmeId}&page=99`))).toEqual(
      cards(await text(`/events?programme=${programmeId}&page=3`)),
    );
    for (const page of ["0", "-1", "abc", "1e9", "2.5", "%00"])
      expect(cards(await text(`/events?programme=${programmeId}&page=${page}`)), page).toEqual(
        cards(await text(`/events?programme=${programmeId}`)),
      );
  });

  it("lists every month with a session in the month filter, whichever page is shown", async () => {
    const page3 = await text(`/events?programme=${programmeId}&page=3`);
    const months = [...page3.matchAll(/<option value="(\d{4}-\d{2})"/g)].map((m) => m[1]);
    const expected = [...new Set(Array.from({ length: 45 }, (_, i) => ukMonthKey(hoursFromNow(24 * (300 + i)))))];
    for (const month of expected) expect(months).toContain(month);
  });
});
