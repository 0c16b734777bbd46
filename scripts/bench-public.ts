/**
 * Public pages against the ceiling of the stack (issue 13). Starts the built app (production mode) on the demo database and the
 * bare ceiling server (bench/ceiling.ts, checked against the app by tests/ceiling.test.ts) on the same file,
 * then measures each path with autocannon, interleaved app, ceiling, app, ceiling, and prints requests per
 * second, p50 and p99 for each, and the app's share of the ceiling's requests per second.
 *
 *   npm run bench:public                  # 10 connections, 5 s per run, 2 runs each
 *   npm run bench:public -- --seconds 10
 *
 * Only `/api/sessions` has a ceiling so far; the other public paths, the booking rush and the large database
 * are still to come (issue 13).
 */
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";

import autocannon from "autocannon";

import { startCeiling } from "../bench/ceiling";
import { startServer } from "../tests/support/server";

// Not strict: `npm run bench` passes every benchmark the same arguments.
const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } }, strict: false });
const SECONDS = Number(values.seconds);
const CONNECTIONS = 10;
const PATHS = ["/api/sessions"];

// An empty database: the app seeds the demo data into it as `npm start` does.
const app = await startServer({ NODE_ENV: "production", BOOKING_RATE_LIMIT: "0" }, { database: "empty" });
const ceiling = await startCeiling({ databasePath: app.databasePath, publicUrl: app.url, mailFrom: "training@safercity.example" });

type Run = { rps: number; p50: number; p99: number; errors: number };
async function measure(url: string): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}
const best = (runs: Run[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));

const rows: string[] = [];
for (const path of PATHS) {
  // Warm both (JIT, SQLite's page cache) before anything is timed.
  await measure(`${app.url}${path}`);
  await measure(`${ceiling.url}${path}`);
  const appRuns: Run[] = [];
  const ceilingRuns: Run[] = [];
  for (let i = 0; i < 2; i++) {
    appRuns.push(await measure(`${app.url}${path}`));
    ceilingRuns.push(await measure(`${ceiling.url}${path}`));
  }
  const a = best(appRuns);
  const c = best(ceilingRuns);
  rows.push(
    `| \`${path}\` | ${Math.round(a.rps)} | ${Math.round(c.rps)} | ${(a.rps / c.rps).toFixed(2)} | ${a.p50} ms / ${a.p99} ms | ${c.p50} ms / ${c.p99} ms | ${a.errors + c.errors} |`,
  );
}
await ceiling.close();
await app.stop();

const commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
console.log(`\nDemo data, ${CONNECTIONS} connections, ${SECONDS} s per run, best of 2 interleaved runs each (commit ${commit}):\n`);
console.log("| Path | app req/s | ceiling req/s | app ÷ ceiling | app p50 / p99 | ceiling p50 / p99 | errors |");
console.log("|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
