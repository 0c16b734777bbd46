import { readdirSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_ACCOUNTS } from "~/models/demo-data.server";
import type { Role } from "~/utils/domain";
import { Client } from "./support/http";
import { openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";

/**
 * Every route file under /admin, with the roles allowed to use it (admins may use everything). A new admin
 * route that is not listed here fails the first test, so nothing ships without a role check being tested.
 */
const ROUTES: Record<string, { path: string; roles: Role[] | "all" }> = {
  "admin._index": { path: "/admin", roles: "all" },
  "admin.users._index": { path: "/admin/users", roles: [] },
  "admin.users.new": { path: "/admin/users/new", roles: [] },
  "admin.programmes._index": { path: "/admin/programmes", roles: ["organiser"] },
  "admin.programmes.new": { path: "/admin/programmes/new", roles: ["organiser"] },
  "admin.programmes.$programmeId._index": { path: "/admin/programmes/:programmeId", roles: ["organiser"] },
  "admin.programmes.$programmeId.edit": { path: "/admin/programmes/:programmeId/edit", roles: ["organiser"] },
  "admin.programmes.$programmeId.sessions.new": { path: "/admin/programmes/:programmeId/sessions/new", roles: ["organiser"] },
  "admin.sessions._index": { path: "/admin/sessions", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId._index": { path: "/admin/sessions/:sessionId", roles: ["organiser"] },
  "admin.sessions.$sessionId.edit": { path: "/admin/sessions/:sessionId/edit", roles: ["organiser"] },
  "admin.sessions.$sessionId.cancel": { path: "/admin/sessions/:sessionId/cancel", roles: ["organiser"] },
  "admin.sessions.$sessionId.bookings.new": { path: "/admin/sessions/:sessionId/bookings/new", roles: ["organiser"] },
  "admin.sessions.$sessionId.register": { path: "/admin/sessions/:sessionId/register", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId.sign-in-sheet": { path: "/admin/sessions/:sessionId/sign-in-sheet", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId.attendees[.]csv": { path: "/admin/sessions/:sessionId/attendees.csv", roles: ["organiser"] },
  "admin.bookings.$bookingId.move": { path: "/admin/bookings/:bookingId/move", roles: ["organiser"] },
  "admin.bookings.$bookingId.cancel": { path: "/admin/bookings/:bookingId/cancel", roles: ["organiser"] },
};

const STAFF_ROLES: Role[] = ["admin", "organiser", "facilitator", "reporter"];

describe("access to every staff page and action", () => {
  let server: RunningServer;
  const clients = new Map<Role, Client>();
  let ids: Record<string, string>;

  beforeAll(async () => {
    server = await startServer();
    const { sqlite } = openServerDatabase(server.databasePath);
    const session = sqlite
      .prepare("select s.id, s.programme_id from sessions s where s.starts_at > ? and s.status = 'scheduled' and exists (select 1 from bookings b where b.session_id = s.id and b.status = 'confirmed') order by s.starts_at limit 1")
      .get(Date.now()) as { id: number; programme_id: number };
    const booking = sqlite.prepare("select id from bookings where session_id = ? and status = 'confirmed' limit 1").get(session.id) as { id: number };
    sqlite.close();
    ids = { sessionId: String(session.id), programmeId: String(session.programme_id), bookingId: String(booking.id) };
    for (const role of STAFF_ROLES) {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      const client = new Client(server.url);
      expect((await client.signIn(account.email, account.password)).status).toBe(302);
      clients.set(role, client);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  const url = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => ids[name]!);

  it("lists every admin route file in this table", () => {
    const files = readdirSync("app/routes")
      .filter((f) => f.startsWith("admin.") && f !== "admin.tsx")
      .map((f) => f.replace(/\.tsx?$/, ""));
    expect(files.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.entries(ROUTES))("%s: a visitor is sent to sign in, with a return address", async (_file, route) => {
    const visitor = new Client(server.url);
    const get = await visitor.get(url(route.path));
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: url(route.path) })}`);
    const post = await visitor.post(url(route.path), {});
    // Actions redirect too (routes with no action answer 405, which also changes nothing).
    expect([302, 405]).toContain(post.status);
  });

  it.each(Object.entries(ROUTES))("%s: only the allowed roles get in, for reading and for changing", async (_file, route) => {
    for (const role of STAFF_ROLES) {
      const allowed = role === "admin" || route.roles === "all" || route.roles.includes(role);
      const client = clients.get(role)!;
      const get = await client.get(url(route.path));
      const post = await client.post(url(route.path), {});
      if (allowed) {
        expect(get.status, `${role} GET ${route.path}`).toBe(200);
        // An empty form is refused with a message, or the route has no action — but never a 500.
        expect(post.status, `${role} POST ${route.path}`).toBeLessThan(500);
        expect(post.status, `${role} POST ${route.path}`).not.toBe(403);
      } else {
        expect(get.status, `${role} GET ${route.path}`).toBe(403);
        expect([403, 405], `${role} POST ${route.path}`).toContain(post.status);
      }
    }
  });
});
