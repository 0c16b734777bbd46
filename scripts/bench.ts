/**
 * Runs every benchmark in turn. Speed goals are checked here rather than in timed tests, which would
 * fail on a busy machine for reasons that have nothing to do with the code.
 *
 *   npm run bench
 */
import { spawnSync } from "node:child_process";

const BENCHMARKS = [
  { name: "Report pages", script: "scripts/bench-reports.ts" },
  { name: "Hostile posts", script: "scripts/bench-hostile.ts" },
  { name: "Public pages against the ceiling", script: "scripts/bench-public.ts" },
];

let failed = false;
for (const bench of BENCHMARKS) {
  console.log(`\n== ${bench.name} ==\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", bench.script, ...process.argv.slice(2)], { stdio: "inherit" });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
