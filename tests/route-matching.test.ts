/**
 * server/route-matching.ts remembers Remix's route matches per path. Whatever it remembers, each answer must be
 * the one @remix-run/router's own matchRoutes gives, and no caller may change another's.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { describe, expect, it } from "vitest";

import { REMEMBERED_PATHS, rememberRouteMatches } from "../server/route-matching";
import { ROOT } from "./support/paths";

type Manifest = Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>;
const tree = (manifest: Manifest, parentId?: string): object[] =>
  Object.values(manifest)
    .filter((r) => r.parentId === parentId)
    .map((r) => ({ ...r, children: tree(manifest, r.id) }));

// The module instance Remix's runtime calls.
const router = createRequire(createRequire(import.meta.url).resolve("@remix-run/server-runtime"))("@remix-run/router") as {
  matchRoutes: (routes: object, location: string, basename?: string) => unknown;
};

describe("remembered route matches", () => {
  const original = rememberRouteMatches();
  const matchRoutes = (routes: object, location: string, basename?: string) => router.matchRoutes(routes, location, basename);

  it("is what Remix's runtime now calls, wrapping the router's own function once", () => {
    expect(router.matchRoutes).not.toBe(original);
    expect((router.matchRoutes as { original?: unknown }).original).toBe(original);
    rememberRouteMatches();
    expect((router.matchRoutes as { original?: unknown }).original).toBe(original);
  });

  it("answers every path of the app's own routes as Remix's matchRoutes does, the first time and after", async () => {
    const build = (await import(pathToFileURL(path.join(ROOT, "build", "index.js")).href)) as { routes: Manifest };
    const routes = tree(build.routes);
    const paths = [
      "/",
      "/events",
      "/events/12",
      "/events/not-a-number",
      "/booking/abc/cancel",
      "/feedback/session/xyz",
      "/admin/sessions/3/feedback",
      "/admin/forms/7/results/figures.csv",
      "/api/sessions",
      "/calendar.ics",
      "/no/such/page",
      "/events/%E2%9C%93",
    ];
    for (const p of paths) {
      expect(matchRoutes(routes, p), p).toEqual(original(routes, p));
      expect(matchRoutes(routes, p), `${p} again`).toEqual(original(routes, p));
    }
  });

  it("gives each caller its own copy, and keeps only the most recent paths", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "item", path: "items/:id", children: [] }] }];
    const first = matchRoutes(routes, "/items/1") as Array<{ params: Record<string, string> }>;
    first[1]!.params.id = "changed";
    first.pop();
    expect(matchRoutes(routes, "/items/1")).toEqual(original(routes, "/items/1"));
    // Many different paths (a visitor trying random ids) push the oldest out, and answers stay right.
    for (let i = 0; i < REMEMBERED_PATHS + 10; i++) matchRoutes(routes, `/items/${i}`);
    expect(matchRoutes(routes, "/items/1")).toEqual(original(routes, "/items/1"));
    expect(matchRoutes(routes, "/items/5", "/base")).toEqual(original(routes, "/items/5", "/base"));
  });
});
