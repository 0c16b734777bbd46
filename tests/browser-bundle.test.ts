/**
 * The classic Remix compiler replaces *.server modules with empty ones in the browser bundle. A route that
 * uses a server-only value anywhere except its loader, action or headers (in a component, or at module
 * level) therefore breaks in the browser while every server-side test passes. This reads each route and
 * component and fails on any such use. (The browser sweep in accessibility.test.ts catches the rest.)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT } from "./support/paths";

/** Cuts a function declaration (from `start` to its closing brace) out of the source; returns both parts. */
function cut(source: string, start: number): { rest: string; body: string } {
  const open = source.indexOf("{", source.indexOf(")", start));
  let depth = 0;
  let i = open;
  for (; i < source.length; i++) {
    if (source[i] === "{") depth++;
    else if (source[i] === "}" && --depth === 0) break;
  }
  return { rest: source.slice(0, start) + source.slice(i + 1), body: source.slice(start, i + 1) };
}

/** The source without its import statements, which may run over several lines. */
function withoutImports(source: string): string {
  return source.replace(/^import [^;]*;$/gm, "");
}

/**
 * The code that can run in the browser: everything except loader, action and headers, and except the
 * module's own helper functions that only those call (esbuild drops them from the browser bundle), with
 * `typeof X` type positions removed.
 */
function browserCode(source: string): string {
  let rest = source;
  let server = "";
  for (const name of ["loader", "action", "headers"]) {
    const start = rest.search(new RegExp(`export (async )?function ${name}\\b`));
    if (start < 0) continue;
    const part = cut(rest, start);
    rest = part.rest;
    server += part.body;
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const m of rest.matchAll(/^(?:async )?function ([a-z]\w*)\b/gm)) {
      const name = m[1]!;
      const part = cut(rest, m.index!);
      const usedByServer = new RegExp(`\\b${name}\\b`).test(server);
      const usedElsewhere = new RegExp(`\\b${name}\\b`).test(withoutImports(part.rest));
      if (usedByServer && !usedElsewhere) {
        rest = part.rest;
        server += part.body;
        changed = true;
        break;
      }
    }
  }
  return withoutImports(rest).replace(/typeof \w+/g, "");
}

function serverImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import \{([^}]*)\} from "([^"]+\.server)"/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim();
      if (name && !name.startsWith("type ")) names.push(name.split(/\s+as\s+/).pop()!);
    }
  }
  for (const m of source.matchAll(/import (\w+) from "([^"]+\.server)"/g)) names.push(m[1]!);
  return names;
}

const files = [
  ...readdirSync(path.join(ROOT, "app", "routes")).map((f) => path.join("app", "routes", f)),
  ...readdirSync(path.join(ROOT, "app", "components")).map((f) => path.join("app", "components", f)),
  "app/root.tsx",
].filter((f) => /\.tsx?$/.test(f) && !f.includes(".server."));

describe("nothing server-only is used where the browser runs it", () => {
  it.each(files)("%s", (file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    const names = serverImports(source);
    const rest = browserCode(source);
    const leaked = names.filter((name) => new RegExp(`\\b${name}\\b`).test(rest));
    expect(leaked, `used outside loader/action/headers: ${leaked.join(", ")}`).toEqual([]);
  });
});

describe("the browser bundle", () => {
  // A zod schema at the top of a route module stays in the browser build (the compiler cannot tell that
  // building it has no side effects), and with it zod's 450 KB. Schemas live in loaders, actions or models.
  it("carries no validation library", () => {
    const dir = path.join(ROOT, "public", "build");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(10);
    const withZod = files.filter((f) => readFileSync(path.join(dir, f), "utf8").includes("ZodError"));
    expect(withZod).toEqual([]);
  });
});
