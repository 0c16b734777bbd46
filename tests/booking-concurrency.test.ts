import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attendeeForm, bookingState, insertProgramme, insertSession, openServerDatabase, tokenFrom } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

describe("booking under load, through the real HTTP server", () => {
  let server: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db);
    sessionId = insertSession(db, { programmeId: programme.id, capacity: 20 }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("200 simultaneous bookings for 20 places: exactly 20 confirmed, 180 waiting at positions 1–180; 5 cancellations promote exactly the first 5", async () => {
    const client = new Client(server.url);
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => client.post(`/events/${sessionId}`, attendeeForm(i))));
    expect(responses.map((r) => r.status).every((s) => s === 303)).toBe(true);
    const tokens = responses.map(tokenFrom);

    const states = await Promise.all(tokens.map((t) => bookingState(server.url, t)));
    const confirmed = tokens.filter((_, i) => states[i]!.status === "confirmed");
    const waiting = tokens
      .map((token, i) => ({ token, ...states[i]! }))
      .filter((s) => s.status === "waitlisted")
      .sort((a, b) => a.position! - b.position!);
    expect(confirmed).toHaveLength(20);
    expect(waiting).toHaveLength(180);
    expect(waiting.map((w) => w.position)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));

    // Five people with places cancel at the same moment.
    const cancels = await Promise.all(confirmed.slice(0, 5).map((t) => client.post(`/booking/${t}/cancel`, {})));
    expect(cancels.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);

    // The first five waiting now have places; everyone else moved up five, still in the order they booked.
    const { sqlite } = openServerDatabase(server.databasePath);
    const queue = sqlite
      .prepare("select manage_token from bookings where session_id = ? and status = 'waitlisted' order by waitlisted_at, id")
      .pluck()
      .all(sessionId) as string[];
    expect(queue).toEqual(waiting.slice(5).map((w) => w.token));
    // As each person's page says it (a sample: every page was read above).
    const sample = [0, 1, 2, 3, 4, 5, 6, 90, 179];
    const after = await Promise.all(sample.map((i) => bookingState(server.url, waiting[i]!.token)));
    expect(after).toEqual(sample.map((i) => (i < 5 ? { status: "confirmed", position: null } : { status: "waitlisted", position: i - 4 })));
    const counts = sqlite
      .prepare("select status, count(*) as n from bookings where session_id = ? group by status")
      .all(sessionId) as Array<{ status: string; n: number }>;
    sqlite.close();
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ confirmed: 20, waitlisted: 175, cancelled: 5 });
  });
});

describe("two servers on one database file", () => {
  let a: RunningServer;
  let b: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    a = await startServer({ BOOKING_RATE_LIMIT: "0" });
    // The second process opens the first one's file, as a second instance behind a load balancer would.
    b = await startServer({ BOOKING_RATE_LIMIT: "0", DATABASE_PATH: a.databasePath });
    const { db, sqlite } = openServerDatabase(a.databasePath);
    sessionId = insertSession(db, { programmeId: insertProgramme(db).id, capacity: 20 }).id;
    sqlite.close();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const byStatus = () => {
    const { sqlite } = openServerDatabase(a.databasePath);
    const rows = sqlite
      .prepare("select manage_token as token, status from bookings where session_id = ? order by waitlisted_at, id")
      .all(sessionId) as Array<{ token: string; status: string }>;
    sqlite.close();
    return rows;
  };

  it("never both take the last place: 200 bookings split between them give exactly 20 places, and cancellations on both promote exactly the first in line", async () => {
    const clients = [new Client(a.url), new Client(b.url)];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => clients[i % 2]!.post(`/events/${sessionId}`, attendeeForm(`two-${i}`))),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 303)).toEqual([]);
    const tokens = responses.map(tokenFrom);
    expect(new Set(tokens).size).toBe(200);

    const booked = byStatus();
    const confirmed = booked.filter((r) => r.status === "confirmed");
    const waiting = booked.filter((r) => r.status === "waitlisted");
    expect(confirmed).toHaveLength(20);
    expect(waiting).toHaveLength(180);

    // Five people with places cancel at once, through both servers.
    const cancels = await Promise.all(confirmed.slice(0, 5).map((r, i) => clients[i % 2]!.post(`/booking/${r.token}/cancel`, {})));
    expect(cancels.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    const after = new Map(byStatus().map((r) => [r.token, r.status]));
    expect([...after.values()].filter((s) => s === "confirmed")).toHaveLength(20);
    expect(waiting.slice(0, 5).map((r) => after.get(r.token))).toEqual(["confirmed", "confirmed", "confirmed", "confirmed", "confirmed"]);
    expect(waiting.slice(5).every((r) => after.get(r.token) === "waitlisted")).toBe(true);
    // Each server shows the same waiting list.
    expect(await bookingState(a.url, waiting[5]!.token)).toEqual({ status: "waitlisted", position: 1 });
    expect(await bookingState(b.url, waiting[5]!.token)).toEqual({ status: "waitlisted", position: 1 });
    for (const server of [a, b]) expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
  });
});
