/**
 * Remix finds the routes for each request with @remix-run/router's `matchRoutes`, which flattens and ranks the
 * whole route tree again on every call: about 0.57 ms for this app's 74 routes, a quarter of the time of a
 * request like `/api/sessions` (issue 13). The answer depends only on the route tree and the path, so this
 * keeps the answers for the paths asked for most recently and hands each caller its own copy.
 *
 * It wraps the export that `@remix-run/server-runtime` calls (`router.matchRoutes(...)` on the module it
 * requires), so it must be the same module instance: resolved from the runtime's own location. The versions
 * are pinned in package.json; `tests/route-matching.test.ts` checks the wrapper answers as the original does.
 */
import { createRequire } from "node:module";

type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: unknown };
type MatchRoutes = (routes: object, location: unknown, basename?: string) => Match[] | null;

/** Enough for every page and many of each kind's ids; a visitor sending random paths only evicts older ones. */
export const REMEMBERED_PATHS = 2000;

const runtimeRequire = createRequire(createRequire(import.meta.url).resolve("@remix-run/server-runtime"));
const router = runtimeRequire("@remix-run/router") as { matchRoutes: MatchRoutes };

const copy = (matches: Match[] | null) => matches && matches.map((m) => ({ ...m, params: { ...m.params } }));

/** Wraps `matchRoutes` once; returns the original, for tests to compare against. */
export function rememberRouteMatches(): MatchRoutes {
  const original = ((router.matchRoutes as MatchRoutes & { original?: MatchRoutes }).original ?? router.matchRoutes) as MatchRoutes;
  const byTree = new WeakMap<object, Map<string, Match[] | null>>();
  const remembering: MatchRoutes & { original?: MatchRoutes } = (routes, location, basename) => {
    if (typeof location !== "string") return original(routes, location, basename);
    let answers = byTree.get(routes);
    if (!answers) byTree.set(routes, (answers = new Map()));
    const key = `${basename ?? ""}\u0000${location}`;
    if (answers.has(key)) {
      const known = answers.get(key)!;
      // Most recently used last, so the oldest is the first to go.
      answers.delete(key);
      answers.set(key, known);
      return copy(known);
    }
    const found = original(routes, location, basename);
    answers.set(key, copy(found));
    if (answers.size > REMEMBERED_PATHS) answers.delete(answers.keys().next().value!);
    return found;
  };
  remembering.original = original;
  router.matchRoutes = remembering;
  return original;
}
