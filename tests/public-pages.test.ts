/**
 * The server remembers public pages between visitors (server/public-pages.ts, ADR 020). What it sends must be
 * what the app would make at that moment: a booking, an edit or a write by another program shows at once, time
 * alone ends a page's life, every answer has its own nonce, and nothing personal is ever kept or shared.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "~/db.server";
import { dataVersion, nextTimedChange } from "~/models/public-pages.server";
import { ukMonthKey } from "~/utils/dates";

import { DEMO_ACCOUNTS } from "../db/seed-data/demo";
import { publicPageMemory } from "../server/public-pages";
import { hoursFromNow, testNow } from "./support/clock";
import { attendeeForm, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

const POLICY = (nonce: string) => `script-src 'self' 'nonce-${nonce}'; style-src 'self'`;

/** Just enough of Express's request and response for the memory. */
function fakeRequest(method: string, headers: Record<string, string> = {}) {
  return { method, headers } as unknown as ExpressRequest;
}
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: "" };
  const res = {
    statusMessage: "",
    status: (code: number) => (sent.status = code),
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    end: (body: string | Buffer) => (sent.body = typeof body === "string" ? body : body.toString("utf8")),
  } as unknown as ExpressResponse;
  return { res, sent };
}
const page = (nonce: string, text: string, init: ResponseInit = {}) =>
  new Response(null, {
    status: 200,
    ...init,
    headers: { "Content-Security-Policy": POLICY(nonce), "Content-Type": "text/html", ...(init.headers as Record<string, string>) },
  });

describe("the memory of public pages", () => {
  const memory = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000 });

  it("remembers only plain reads of pages with nothing personal or secret in them", () => {
    for (const path of ["/", "/events", "/events?programme=2&month=2027-01", "/events/12", "/api/sessions", "/privacy", "/accessibility"])
      expect(memory.keyFor(fakeRequest("GET"), path), path).toBe(path);
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

  it("sends a kept page with a new nonce each time, in the policy and the page alike, until the data or the time moves on", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000 });
    const nonce = "AAAAAAAAAAAAAAAAAAAAAA==";
    m.remember(
      "/",
      { version: "7", now: 100 },
      page(nonce, ""),
      `<script nonce="${nonce}">a</script><p>x</p><script nonce="${nonce}">b</script>`,
    );

    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { res, sent } = fakeResponse();
      expect(m.send("/", { version: "7", now: 500 }, res)).toBe(true);
      const fresh = /'nonce-([^']+)'/.exec(sent.headers["content-security-policy"]!)![1]!;
      expect(fresh).not.toBe(nonce);
      expect(sent.body).toBe(`<script nonce="${fresh}">a</script><p>x</p><script nonce="${fresh}">b</script>`);
      expect(sent.status).toBe(200);
      seen.add(fresh);
    }
    expect(seen.size).toBe(3);

    // Anything written since: made again (and the stale copy forgotten).
    expect(m.send("/", { version: "8", now: 500 }, fakeResponse().res)).toBe(false);
    expect(m.send("/", { version: "7", now: 500 }, fakeResponse().res)).toBe(false);

    // Time alone: the page made at 100 is true until 1100, not at 1100.
    m.remember("/", { version: "7", now: 100 }, page(nonce, ""), "page");
    expect(m.send("/", { version: "7", now: 1099 }, fakeResponse().res)).toBe(true);
    expect(m.send("/", { version: "7", now: 1100 }, fakeResponse().res)).toBe(false);
  });

  it("keeps no answer that is not a plain page for everyone", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000 });
    const stamp = { version: "1", now: 0 };
    m.remember("/a", stamp, page("n", "", { status: 404 }), "not found");
    m.remember("/b", stamp, page("n", "", { headers: { "Set-Cookie": "x=1" } }), "cookie");
    m.remember("/c", stamp, page("n", "", { headers: { "Cache-Control": "no-store" } }), "no store");
    m.remember("/d", stamp, page("n", "", { headers: { "Cache-Control": "private, max-age=60" } }), "private");
    for (const key of ["/a", "/b", "/c", "/d"]) expect(m.send(key, stamp, fakeResponse().res), key).toBe(false);
  });

  it("holds a bounded amount, forgetting the least recently read first", () => {
    const m = publicPageMemory({ stamp: () => ({ version: "1", now: 0 }), validUntil: (now) => now + 1000 });
    const stamp = { version: "1", now: 0 };
    const big = "x".repeat(1.5 * 1024 * 1024); // 3 MB as kept: ten fit in 32 MB, eleven do not
    for (let i = 0; i < 10; i++) m.remember(`/events?p=${i}`, stamp, page("n", ""), big);
    expect(m.send("/events?p=0", stamp, fakeResponse().res)).toBe(true); // now the most recently read
    m.remember("/events?p=10", stamp, page("n", ""), big);
    expect(m.send("/events?p=1", stamp, fakeResponse().res)).toBe(false);
    expect(m.send("/events?p=0", stamp, fakeResponse().res)).toBe(true);
    expect(m.send("/events?p=10", stamp, fakeResponse().res)).toBe(true);
    // A page too big to be worth an eighth of the memory is never kept.
    m.remember("/events?p=huge", stamp, page("n", ""), "x".repeat(3 * 1024 * 1024));
    expect(m.send("/events?p=huge", stamp, fakeResponse().res)).toBe(false);
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
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1] ?? null;
    return { response, body, nonce };
  };

  it("gives each visitor the same page with a nonce of their own", async () => {
    const first = await anonymous(`/events/${sessionId}`);
    const second = await anonymous(`/events/${sessionId}`);
    expect(first.response.status).toBe(200);
    expect(first.nonce).toBeTruthy();
    expect(second.nonce).toBeTruthy();
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toContain(`nonce="${second.nonce}"`);
    expect(second.body).not.toContain(first.nonce!);
    expect(second.body.replaceAll(second.nonce!, "N")).toBe(first.body.replaceAll(first.nonce!, "N"));
  });

  it("shows a booking on every public page at once", async () => {
    for (const path of [`/events/${sessionId}`, "/events", "/api/sessions"]) await anonymous(path); // all remembered
    expect((await anonymous(`/events/${sessionId}`)).body).toContain("5 places left");

    const visitor = new Client(app.url);
    tokenFrom(await visitor.post(`/events/${sessionId}`, attendeeForm("memory-1")));

    expect((await anonymous(`/events/${sessionId}`)).body).toContain("4 places left");
    expect((await anonymous("/events")).body).toContain("4 places left");
    const feed = JSON.parse((await anonymous("/api/sessions")).body) as { sessions: Array<{ id: number; placesLeft: number }> };
    expect(feed.sessions.find((s) => s.id === sessionId)?.placesLeft).toBe(4);
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
