/**
 * The public-pages benchmark compares the app with a bare ceiling server (bench/ceiling.ts). The comparison is
 * honest only if both give the same answer for the same data: this checks they do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startCeiling, type Ceiling } from "../bench/ceiling";
import { testNow } from "./support/clock";
import { insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
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
});
