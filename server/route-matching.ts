/**
 * Remix finds the routes for each request with @remix-run/router's `matchRoutes`, which flattens and ranks the
 * whole route tree again on every call: about 0.57 ms for this app's 74 routes (issue 13, ADR 019). A page
 * calls it three times: the runtime to find the page's routes, then, while React renders, React Router (the
 * tree of the page's routes) and Remix's route discovery (which routes to list in the page). The answer depends
 * only on the tree's shape and the path, so this keeps the answers for the paths asked for most recently.
 *
 * React's calls come with a tree built anew for each page, so answers are kept per shape of tree — each route's
 * id, path, whether it is an index route or case-sensitive, and how they nest, which is all matching reads —
 * and handed to each caller with its own tree's route objects and its own copy of the rest.
 *
 * It wraps the export that `@remix-run/server-runtime`, `@remix-run/react` and `react-router` call
 * (`router.matchRoutes(...)` on the module they require), so it must be the same module instance: resolved from
 * the runtime's own location. The versions are pinned in package.json; `tests/route-matching.test.ts` checks the
 * wrapper answers as the original does.
 */
import { createRequire } from "node:module";

type Route = { id?: unknown; path?: unknown; index?: unknown; caseSensitive?: unknown; children?: unknown };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: object, location: unknown, basename?: string) => Match[] | null;
type Kept = Array<{ id: string; params: Match["params"]; pathname: string; pathnameBase: string }> | null;
type Tree = { shape: string; byId: Map<string, Route> };

/** Enough for every page and many of each kind's ids; a visitor sending random paths only evicts older ones. */
export const REMEMBERED_PATHS = 2000;
/** Shapes of tree: one per build; a few, for development's rebuilds. */
const REMEMBERED_SHAPES = 4;

const runtimeRequire = createRequire(createRequire(import.meta.url).resolve("@remix-run/server-runtime"));
const router = runtimeRequire("@remix-run/router") as { matchRoutes: MatchRoutes };

/** The tree's shape and its routes by id; null if a route has no id or shares one, when answers cannot be mapped. */
function describe(routes: unknown): Tree | null {
  const parts: string[] = [];
  const byId = new Map<string, Route>();
  const walk = (list: unknown): boolean => {
    if (!Array.isArray(list)) return false;
    for (const route of list as Route[]) {
      if (typeof route?.id !== "string" || byId.has(route.id)) return false;
      byId.set(route.id, route);
      parts.push(JSON.stringify([route.id, route.path ?? null, route.index === true, route.caseSensitive === true]));
      if (Array.isArray(route.children) && route.children.length > 0) {
        parts.push("(");
        if (!walk(route.children)) return false;
        parts.push(")");
      }
    }
    return true;
  };
  return walk(routes) ? { shape: parts.join(""), byId } : null;
}

/** Wraps `matchRoutes` once; returns the original, for tests to compare against. */
export function rememberRouteMatches(): MatchRoutes {
  const original = ((router.matchRoutes as MatchRoutes & { original?: MatchRoutes }).original ?? router.matchRoutes) as MatchRoutes;
  const trees = new WeakMap<object, Tree | null>();
  const byShape = new Map<string, Map<string, Kept>>();

  const remembering: MatchRoutes & { original?: MatchRoutes } = (routes, location, basename) => {
    // Matching reads only the path: a string as it is, or a location's pathname.
    const path =
      typeof location === "string"
        ? location
        : typeof (location as { pathname?: unknown } | null)?.pathname === "string"
          ? `\u0001${(location as { pathname: string }).pathname}`
          : null;
    if (path === null) return original(routes, location, basename);
    let tree = trees.get(routes);
    if (tree === undefined) trees.set(routes, (tree = describe(routes)));
    if (tree === null) return original(routes, location, basename);

    let answers = byShape.get(tree.shape);
    if (answers) {
      // Most recently used last, so the oldest is the first to go.
      byShape.delete(tree.shape);
      byShape.set(tree.shape, answers);
    } else {
      byShape.set(tree.shape, (answers = new Map()));
      if (byShape.size > REMEMBERED_SHAPES) byShape.delete(byShape.keys().next().value!);
    }
    const key = `${basename ?? ""}\u0000${path}`;
    const kept = answers.get(key);
    if (kept !== undefined) {
      answers.delete(key);
      answers.set(key, kept);
      const byId = tree.byId;
      return (
        kept && kept.map((m) => ({ params: { ...m.params }, pathname: m.pathname, pathnameBase: m.pathnameBase, route: byId.get(m.id)! }))
      );
    }
    const found = original(routes, location, basename);
    answers.set(
      key,
      found &&
        found.map((m) => ({ id: m.route.id as string, params: { ...m.params }, pathname: m.pathname, pathnameBase: m.pathnameBase })),
    );
    if (answers.size > REMEMBERED_PATHS) answers.delete(answers.keys().next().value!);
    return found;
  };
  remembering.original = original;
  router.matchRoutes = remembering;
  return original;
}
