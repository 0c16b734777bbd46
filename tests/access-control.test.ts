import { readdirSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_ACCOUNTS } from "../db/seed-data/demo";
import type { Role } from "../domain/vocabulary";
import { ADMIN_ROUTES as ROUTES, adminRouteIds, fillPath } from "./support/admin-routes";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

const STAFF_ROLES: Role[] = ["admin", "organiser", "facilitator", "reporter"];

describe("access to every staff page and action", () => {
  let server: RunningServer;
  const clients = new Map<Role, Client>();
  let ids: Record<string, string>;
  let refreshUnanswered = () => {};

  beforeAll(async () => {
    server = await startServer();
    const prepared = adminRouteIds(server.databasePath);
    ids = prepared.ids;
    refreshUnanswered = prepared.refreshUnanswered;
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

  const url = (path: string) => fillPath(path, ids);

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
      refreshUnanswered();
      const get = await client.get(url(route.path));
      const post = await client.post(url(route.path), {});
      if (allowed) {
        expect(get.status, `${role} GET ${route.path}`).toBe(200);
        // Personal data on a staff page or in a download is never kept by a browser or proxy.
        expect(get.headers.get("cache-control"), `${role} GET ${route.path}`).toBe("no-store");
        // The Content-Security-Policy refuses inline styles: a page must not rely on one. (An email's own HTML, shown
        // as it was sent, is not an app page.)
        if (route.page !== false) expect(await get.text(), `${role} GET ${route.path}`).not.toMatch(/<[^>]+\sstyle="/);
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
