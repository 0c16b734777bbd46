/**
 * server/route-matching.ts remembers Remix's route matches per shape of route tree and path. Whatever it
 * remembers, each answer must be the one @remix-run/router's own matchRoutes gives for the tree it was asked
 * about, with that tree's own route objects, and no caller may change another's.
 */
import { readFileSync } from "node:fs";
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
const routerRequire = createRequire(createRequire(import.meta.url).resolve("@remix-run/server-runtime"));
const router = routerRequire("@remix-run/router") as {
  matchRoutes: (routes: object, location: unknown, basename?: string) => unknown;
  createStaticHandler: (routes: object[]) => {
    query: (request: Request) => Promise<{ matches: Array<{ route: { id: string }; params: Record<string, string> }> } | Response>;
  };
};

type Found = Array<{ route: object; params: Record<string, string> }> | null;

describe("remembered route matches", () => {
  const original = rememberRouteMatches();
  const matchRoutes = (routes: object, location: unknown, basename?: string) => router.matchRoutes(routes, location, basename) as Found;

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

  it("answers a tree built anew with the same shape (as React's render does per page) with that tree's own routes", async () => {
    const build = (await import(pathToFileURL(path.join(ROOT, "build", "index.js")).href)) as { routes: Manifest };
    for (const p of ["/", "/events/12", "/admin/sessions/3/feedback", "/booking/abc/cancel", "/no/such/page"]) {
      const first = tree(build.routes);
      matchRoutes(first, p);
      matchRoutes(first, { pathname: p });
      const again = tree(build.routes);
      const found = matchRoutes(again, p) ?? [];
      expect(found, p).toEqual(original(again, p) ?? []);
      const asObject = matchRoutes(again, { pathname: p, search: "?x=1", hash: "" }) ?? [];
      expect(asObject, `${p} as a location`).toEqual(original(again, { pathname: p }) ?? []);
      const byId = new Map<string, object>();
      const walk = (routes: object[]) =>
        routes.forEach((r) => {
          byId.set((r as { id: string }).id, r);
          walk((r as { children: object[] }).children);
        });
      walk(again);
      for (const m of [...found, ...asObject]) expect(m.route).toBe(byId.get((m.route as { id: string }).id));
    }
  });

  it("never hands one shape's answers to a tree of another shape", () => {
    const shaped = (itemPath: string, caseSensitive = false) => [
      { id: "root", path: "/", children: [{ id: "item", path: itemPath, caseSensitive, children: [] }] },
    ];
    expect(matchRoutes(shaped("items/:id"), "/items/1")).toEqual(original(shaped("items/:id"), "/items/1"));
    expect(matchRoutes(shaped("things/:id"), "/items/1")).toBeNull();
    expect(matchRoutes(shaped("Items/:id", true), "/items/1")).toBeNull();
    expect(matchRoutes(shaped("Items/:id"), "/items/1")).toEqual(original(shaped("Items/:id"), "/items/1"));
    // Nesting is part of the shape: the same routes side by side match differently.
    const flat = [
      { id: "root", path: "/", children: [] },
      { id: "item", path: "items/:id", children: [] },
    ];
    expect(matchRoutes(flat, "/items/1")).toEqual(original(flat, "/items/1"));
    expect(matchRoutes(flat, "/items/1")).toHaveLength(1);
  });

  it("leaves trees it cannot map by id to the original", () => {
    const noIds = [{ path: "/", children: [{ path: "items/:id", children: [] }] }];
    expect(matchRoutes(noIds, "/items/1")).toEqual(original(noIds, "/items/1"));
    const sharedId = [{ id: "x", path: "/", children: [{ id: "x", path: "items/:id", children: [] }] }];
    expect(matchRoutes(sharedId, "/items/1")).toEqual(original(sharedId, "/items/1"));
  });

  it("finds the same routes in Remix's static handler, which flattens and ranks its routes once and keeps its answers (patches/)", async () => {
    expect(readFileSync(routerRequire.resolve("@remix-run/router"), "utf8")).toContain(
      "matchRankedBranches(rankedBranches, location, basename)",
    );
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "home", index: true },
          { id: "events", path: "events" },
          { id: "event", path: "events/:sessionId" },
          { id: "feedback", path: "Feedback/:token", caseSensitive: true },
          { id: "files", path: "files/*" },
        ],
      },
    ];
    const handler = router.createStaticHandler(routes);
    const found = async (path: string) => {
      const context = await handler.query(new Request(`http://localhost${path}`));
      if (context instanceof Response) throw new Error(`a response for ${path}`);
      return context.matches.map((m) => `${m.route.id}${JSON.stringify(m.params)}`);
    };
    // Twice each, and in another order: the answers never depend on what was asked before.
    for (let round = 0; round < 2; round++)
      for (const path of round === 0
        ? ["/", "/events", "/events/12", "/Feedback/x", "/files/a/b"]
        : ["/files/a/b", "/events/12", "/", "/events"]) {
        const expected = (router.matchRoutes(routes, path) as Array<{ route: { id: string }; params: object }>).map(
          (m) => `${m.route.id}${JSON.stringify(m.params)}`,
        );
        expect(await found(path), path).toEqual(expected);
      }
    expect(await found("/events/12")).toEqual(['root{"sessionId":"12"}', 'event{"sessionId":"12"}']);
    // Answers are kept per path; each request still gets its own, so one that changes its params changes no other's.
    const one = await handler.query(new Request("http://localhost/events/12"));
    if (one instanceof Response) throw new Error("a response");
    (one.matches[0]!.params as Record<string, string>).sessionId = "changed";
    expect(one.matches[1]!.params).toEqual({ sessionId: "changed" });
    expect(await found("/events/12")).toEqual(['root{"sessionId":"12"}', 'event{"sessionId":"12"}']);
    // Case-sensitive stays so: /feedback/x matches no route (the handler answers 404 in its matches' place).
    expect(router.matchRoutes(routes, "/feedback/x")).toBeNull();
  });
});
