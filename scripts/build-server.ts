/**
 * Compiles server.ts (and the configuration module it reads first) to build/server.js, so the server runs on
 * plain Node: no TypeScript loader in the running process, and a quicker start. Packages stay in
 * node_modules. Run by `npm run build`, after `remix build`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await build({
  entryPoints: [path.join(root, "server.ts")],
  outfile: path.join(root, "build", "server.js"),
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
console.log("Built build/server.js.");
