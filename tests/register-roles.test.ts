/**
 * The register's walk-in form for each role, through the real server (ADR 016): a facilitator fills free places
 * from organisations already on the list and nothing more; an organiser fills a full session only by saying to
 * raise its places. The rules themselves are tested at the model in scheduling.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attendeeForm, insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

describe("walk-ins by role", () => {
  let server: RunningServer;
  let facilitator: Client;
  let organiser: Client;
  let known: string;
  const ids = { free: 0, full: 0 };

  const state = (sessionId: number) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const row = {
      capacity: sqlite.prepare("select capacity from sessions where id = ?").pluck().get(sessionId),
      confirmed: sqlite.prepare("select count(*) from bookings where session_id = ? and status = 'confirmed'").pluck().get(sessionId),
      organisations: sqlite.prepare("select count(*) from organisations").pluck().get(),
    };
    sqlite.close();
    return row;
  };
  const walkIn = (n: string, overrides: Record<string, string> = {}) => {
    const { consent: _consent, website: _website, ...fields } = attendeeForm(n, { organisation: known, ...overrides });
    return { intent: "walk-in", ...fields };
  };

  beforeAll(async () => {
    server = await startServer();
    const { db, sqlite } = openServerDatabase(server.databasePath);
    known = sqlite.prepare("select name from organisations order by id limit 1").pluck().get() as string;
    const programmeId = insertProgramme(db, { title: "Walk-ins under test" }).id;
    // Started an hour ago: the register is open whatever the hour of the run.
    ids.free = insertSession(db, { programmeId, startsInHours: -1, capacity: 5 }).id;
    ids.full = insertSession(db, { programmeId, startsInHours: -1, capacity: 1 }).id;
    insertBookingRow(db, { sessionId: ids.full });
    sqlite.close();
    const signIn = async (role: "facilitator" | "organiser") => {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      const client = new Client(server.url);
      expect((await client.signIn(account.email, account.password)).status).toBe(302);
      return client;
    };
    facilitator = await signIn("facilitator");
    organiser = await signIn("organiser");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a facilitator adds a walk-in to a free place from a known organisation, not from a new one", async () => {
    const before = state(ids.free);
    const stranger = await facilitator.post(
      `/admin/sessions/${ids.free}/register`,
      walkIn("new-org", { organisation: "The Nowhere Arms" }),
    );
    expect(stranger.status).toBe(409);
    const html = await stranger.text();
    expect(html).toContain("only an organiser can add one");
    expect(html).toContain('value="The Nowhere Arms"');
    expect(state(ids.free)).toEqual(before);

    const added = await facilitator.post(`/admin/sessions/${ids.free}/register`, walkIn("known-org"));
    expect(added.status).toBe(303);
    expect(state(ids.free)).toEqual({ ...before, confirmed: Number(before.confirmed) + 1 });
  });

  it("a facilitator cannot fill a full session, whatever they send, and is told why", async () => {
    const page = await (await facilitator.get(`/admin/sessions/${ids.full}/register`)).text();
    expect(page).toContain("only an organiser can add more");
    expect(page).not.toContain('name="raiseCapacity"');
    const before = state(ids.full);
    const post = await facilitator.post(`/admin/sessions/${ids.full}/register`, { ...walkIn("full-f"), raiseCapacity: "yes" });
    expect(post.status).toBe(409);
    expect(state(ids.full)).toEqual(before);
  });

  it("an organiser fills a full session only by ticking to raise its places", async () => {
    const page = await (await organiser.get(`/admin/sessions/${ids.full}/register`)).text();
    expect(page).toContain("Raise the number of places from 1 to 2 to include them");
    const before = state(ids.full);
    const unticked = await organiser.post(`/admin/sessions/${ids.full}/register`, walkIn("full-o"));
    expect(unticked.status).toBe(409);
    expect(await unticked.text()).toContain("confirm that the number of places goes up to 2");
    expect(state(ids.full)).toEqual(before);
    const ticked = await organiser.post(`/admin/sessions/${ids.full}/register`, { ...walkIn("full-o"), raiseCapacity: "yes" });
    expect(ticked.status).toBe(303);
    expect(state(ids.full)).toMatchObject({ capacity: 2, confirmed: 2 });
  });
});
