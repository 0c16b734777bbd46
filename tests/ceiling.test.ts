/**
 * The public-pages benchmark compares the app with a bare ceiling server (bench/ceiling.ts). The comparison is
 * honest only if both give the same answer for the same data: this checks they do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startCeiling, type Ceiling } from "../bench/ceiling";
import { testNow } from "./support/clock";
import { attendeeForm, insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { startServer, type RunningServer } from "./support/server";

describe("the ceiling server", () => {
  let app: RunningServer;
  let ceiling: Ceiling;
  beforeAll(async () => {
    app = await startServer();
    ceiling = await startCeiling({
      databasePath: app.databasePath,
      publicUrl: app.url,
      mailFrom: "training@safercity.example",
      now: testNow,
    });
  });
  afterAll(async () => {
    await ceiling?.close();
    await app?.stop();
  });

  const both = async (path: string) => {
    const [a, c] = await Promise.all([fetch(`${app.url}${path}`), fetch(`${ceiling.url}${path}`)]);
    return { app: await a.text(), ceiling: await c.text(), types: [a.headers.get("content-type"), c.headers.get("content-type")] };
  };

  it("gives /api/sessions byte for byte as the app does, series, closed sessions and a set contact included", async () => {
    const first = await both("/api/sessions");
    expect(first.types[1]).toBe(first.types[0]);
    expect(JSON.parse(first.app).sessions.length).toBeGreaterThan(5);
    expect(first.ceiling).toBe(first.app);

    // A series, a session whose booking has closed, a sensitive programme, and the contact set by an administrator.
    const { db, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(db, { title: "Ceiling check", sensitive: true, publicTitle: "Staff briefing" }).id;
    const seriesId = Number(
      sqlite.prepare("insert into session_series (programme_id, pattern, occurrences) values (?, 'weekly', 2)").run(programmeId)
        .lastInsertRowid,
    );
    insertSession(db, { programmeId, startsInHours: 24 * 40, seriesId });
    insertSession(db, { programmeId, startsInHours: 24 * 47, seriesId });
    insertSession(db, { programmeId, startsInHours: 30, closesHoursBefore: 48 });
    sqlite
      .prepare(
        "insert into site_settings (key, value) values ('trainingContact', ?) on conflict (key) do update set value = excluded.value",
      )
      .run(JSON.stringify({ email: "learning@safercity.example", phone: "020 7946 0000" }));
    sqlite.close();
    const second = await both("/api/sessions");
    expect(second.app).toContain("Staff briefing: session 2 of 2");
    expect(second.app).toContain('"bookingOpen": false');
    expect(second.app).toContain("learning@safercity.example");
    expect(second.ceiling).toBe(second.app);
  });

  /** The page's main content, without React's separators between adjacent text. */
  const main = (html: string) =>
    /<main[^>]*>[\s\S]*<\/main>/.exec(html)?.[0].replaceAll("<!-- -->", "") ?? `no <main> in ${html.slice(0, 200)}`;
  const samePage = async (path: string) => {
    const [a, c] = await Promise.all([fetch(`${app.url}${path}`), fetch(`${ceiling.url}${path}`)]);
    expect(c.status, path).toBe(a.status);
    const [appMain, ceilingMain] = [main(await a.text()), main(await c.text())];
    expect(ceilingMain, path).toBe(appMain);
    return decodeHtml(appMain);
  };

  it("writes the main content of the home page, the events list and a session's page as the app does, in every state", async () => {
    const { db, sqlite } = openServerDatabase(app.databasePath);
    const programme = insertProgramme(db, {
      title: `Ceiling <page> & "quotes" 'too'`,
      category: "awareness_event",
      audience: "",
      description: "",
      aims: [],
    });
    const described = insertProgramme(db, {
      title: "Ceiling page: described",
      audience: "Everyone at the <venue>",
      description: "What & why.",
      aims: ["First aim", "Second <aim>"],
    });
    const seriesId = Number(
      sqlite.prepare("insert into session_series (programme_id, pattern, occurrences) values (?, 'weekly', 2)").run(described.id)
        .lastInsertRowid,
    );
    const open = insertSession(db, { programmeId: described.id, startsInHours: 24 * 9 + 3.5, seriesId, venue: "Hall & <Annex>" });
    insertSession(db, { programmeId: described.id, startsInHours: 24 * 16, seriesId });
    const full = insertSession(db, {
      programmeId: programme.id,
      startsInHours: 24 * 11,
      capacity: 1,
      venue: null,
      onlineUrl: "https://meet.example/x",
    });
    insertBookingRow(db, { sessionId: full.id });
    const closed = insertSession(db, { programmeId: programme.id, startsInHours: 20, closesHoursBefore: 24 });
    const overnight = insertSession(db, { programmeId: programme.id, startsInHours: 24 * 12 + 10, hours: 16 });
    const cancelled = insertSession(db, {
      programmeId: programme.id,
      startsInHours: 24 * 13,
      status: "cancelled",
      cancelledReason: "Trainer <ill>",
    });
    const started = insertSession(db, { programmeId: programme.id, startsInHours: -1 });
    const archived = insertProgramme(db, { title: "Ceiling page: archived", archivedAt: new Date() });
    const hidden = insertSession(db, { programmeId: archived.id, startsInHours: 24 * 15 });
    sqlite
      .prepare(
        "insert into staff_members (email, name, department) values ('a@x.example', 'A', 'Parks & <Gardens>') on conflict do nothing",
      )
      .run();
    sqlite
      .prepare(
        "insert into site_settings (key, value) values ('trainingContact', ?) on conflict (key) do update set value = excluded.value",
      )
      .run(JSON.stringify({ email: "learning@safercity.example", phone: "020 7946 0000" }));
    sqlite.close();

    expect(await samePage("/")).toContain("Training and events");
    const list = await samePage("/events");
    expect(list).toContain("Ceiling <page> & \"quotes\" 'too'");
    expect(list).toContain("Full — join the waiting list");
    expect(list).toContain("Booking closed");
    expect(list).not.toContain("Ceiling page: archived");

    expect(await samePage(`/events/${open.id}`)).toContain("Session 1 of 2");
    expect(await samePage(`/events/${open.id}`)).toContain("Parks & <Gardens>");
    expect(await samePage(`/events/${full.id}`)).toContain("Join the waiting list");
    expect(await samePage(`/events/${closed.id}`)).toContain("020 7946 0000");
    expect(await samePage(`/events/${overnight.id}`)).toContain("Booking closes");
    expect(await samePage(`/events/${cancelled.id}`)).toContain("Trainer <ill>");
    expect(await samePage(`/events/${started.id}`)).toContain("already taken place");
    // Not public: both refuse (the app's 404 page is the app's own, not main content to compare).
    const [a, c] = await Promise.all([fetch(`${app.url}/events/${hidden.id}`), fetch(`${ceiling.url}/events/${hidden.id}`)]);
    expect([a.status, c.status]).toEqual([404, 404]);

    // More than a page of sessions: the first page and the page list.
    const again = openServerDatabase(app.databasePath);
    for (let i = 0; i < 25; i++) insertSession(again.db, { programmeId: described.id, startsInHours: 24 * 30 + i * 24 });
    again.sqlite.close();
    const paged = await samePage("/events");
    expect(paged).toContain("Showing 1 to 20.");
    expect(paged).toContain(`aria-label="Pages of upcoming events"`);
  });

  it("takes bookings as the app does: places, then the waiting list, one active booking per person, an email each", async () => {
    const { db, sqlite } = openServerDatabase(app.databasePath);
    const programmeId = insertProgramme(db, { title: "Ceiling booking check" }).id;
    const forApp = insertSession(db, { programmeId, startsInHours: 24 * 50, capacity: 2 }).id;
    const forCeiling = insertSession(db, { programmeId, startsInHours: 24 * 51, capacity: 2 }).id;
    const post = (base: string, sessionId: number, n: number) =>
      fetch(`${base}/events/${sessionId}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(attendeeForm(`ceiling-${n}`)),
      });
    const answers = async (base: string, sessionId: number) => {
      const statuses: number[] = [];
      for (const n of [1, 2, 3, 1]) statuses.push((await post(base, sessionId, n)).status);
      return statuses;
    };
    const appAnswers = await answers(app.url, forApp);
    const ceilingAnswers = await answers(ceiling.url, forCeiling);
    expect(ceilingAnswers).toEqual(appAnswers);
    expect(appAnswers).toEqual([303, 303, 303, 200]);

    const outcome = (sessionId: number) => ({
      bookings: sqlite
        .prepare("select status, count(*) as n from bookings where session_id = ? group by status order by status")
        .all(sessionId),
      emails: sqlite
        .prepare(
          "select o.kind, o.ics_method as method, count(*) as n from email_outbox o join bookings b on b.id = o.booking_id where b.session_id = ? group by o.kind, o.ics_method order by o.kind",
        )
        .all(sessionId),
      people: sqlite.prepare("select count(distinct person_id) from bookings where session_id = ?").pluck().get(sessionId),
    });
    const fromApp = outcome(forApp);
    expect(fromApp.bookings).toEqual([
      { status: "confirmed", n: 2 },
      { status: "waitlisted", n: 1 },
    ]);
    // The app also sends the person who booked twice their link again; the ceiling leaves that out.
    expect(outcome(forCeiling)).toEqual({
      ...fromApp,
      emails: fromApp.emails.filter((e) => (e as { kind: string }).kind !== "manage_link"),
    });
    sqlite.close();
  });
});
