/**
 * No import cycles among the app's own modules (app/, db/, emails/, domain/). The build already resolved
 * every import of every one of them (esbuild's metafiles, written by `npm run build`), so the graph is read
 * from there rather than by ESLint's import/no-cycle, which parsed every file a second time and cost a
 * third of lint's time. Imports of types only are erased by the build: they cannot make a cycle at run time.
 * The layer rules themselves stay in ESLint (ADR 012).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT } from "./support/paths";

type Graph = Map<string, string[]>;
const OURS = /^(app|db|emails|domain)\//;

/** Each group of modules that import one another in a circle (Tarjan's strongly connected components). */
function findCycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Our modules and what each imports of ours, from the server and browser builds together. */
function buildGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of ["metafile.server.json", "metafile.js.json"]) {
    const metafile = path.join(ROOT, "build", file);
    if (!existsSync(metafile)) throw new Error(`build/${file} is missing: run \`npm run build\` (npm test builds first).`);
    const { inputs } = JSON.parse(readFileSync(metafile, "utf8")) as {
      inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
    };
    for (const [input, { imports }] of Object.entries(inputs)) {
      if (!OURS.test(input)) continue;
      const edges = new Set(graph.get(input) ?? []);
      for (const { path: imported, external } of imports) if (!external && OURS.test(imported)) edges.add(imported);
      graph.set(input, [...edges]);
    }
  }
  return graph;
}

describe("import cycles", () => {
  it("are found when there is one (the check can fail)", () => {
    const graph: Graph = new Map([
      ["app/a.ts", ["app/b.ts"]],
      ["app/b.ts", ["app/c.ts"]],
      ["app/c.ts", ["app/a.ts", "app/d.ts"]],
      ["app/d.ts", []],
      ["app/e.ts", ["app/e.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["app/a.ts", "app/b.ts", "app/c.ts"], ["app/e.ts"]]);
  });

  it("do not exist among the app's own modules", () => {
    const graph = buildGraph();
    // The graph is the whole app, not an empty file that would pass by default.
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.keys()].some((m) => m.startsWith("app/models/"))).toBe(true);
    expect(findCycles(graph)).toEqual([]);
  });
});
