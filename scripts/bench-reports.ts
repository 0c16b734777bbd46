/**
 * How fast the report pages answer as the partnership's history grows.
 *
 * Builds two databases with the fixture generator (a quarter of the target size, and the target:
 * 200,000 bookings and 1,000,000 feedback answers), starts the real built server on each, signs in as a
 * reporter and asks every report page for the same figures the way a browser would, one request at a
 * time. Prints the median and 95th percentile per page and per size, whether the target size stays
 * under 300 ms, and how much slower the larger history is than the smaller one (it should grow no
 * faster than the data does).
 *
 *   npm run bench:reports                      # both sizes, 50 requests per page
 *   npm run bench:reports -- --requests 50 --reuse   # keep databases already built under bench/.tmp
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import autocannon from "autocannon";
import Database from "better-sqlite3";

import { BENCH_USER, buildFixture, type FixtureSize } from "./bench-fixtures";
import { Client } from "../tests/support/http";
import { startServer } from "../tests/support/server";

const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET: FixtureSize = { bookings: 200_000, answers: 1_000_000 };
const BUDGET_MS = 300;

/** Downloads grow with what they hold (every response, every organisation), so they are timed but not held to the page budget. */
type Page = { name: string; path: string; download?: boolean };
type Timing = { first: number; median: number; p975: number; max: number; bytes: number };

function pagesFor(file: string): Page[] {
  const sqlite = new Database(file, { readonly: true });
  const one = <T>(query: string) => sqlite.prepare(query).get() as T;
  // Programmes in the fixture are the same size, so programme 1 stands for the largest.
  const programmeId = one<{ id: number }>("select min(id) as id from programmes").id;
  // The busiest session with feedback, so the single-session report has every chart to draw.
  const session = one<{ id: number }>(
    `select r.session_id as id from responses r join sessions s on s.id = r.session_id where s.programme_id = ${programmeId}
     group by r.session_id order by count(*) desc, r.session_id desc limit 1`,
  ).id;
  const requirementId = one<{ id: number }>("select min(id) as id from training_requirements").id;
  const planId = one<{ id: number }>("select min(id) as id from action_plans").id;
  sqlite.close();
  const report = `/admin/reports/programmes/${programmeId}`;
  return [
    { name: "Reports list", path: "/admin/reports" },
    { name: "Evaluation, every session (all time)", path: report },
    { name: "Evaluation, one session", path: `${report}?session=${session}` },
    { name: "Evaluation, one year", path: `${report}?from=${lastYear()}&to=${today()}` },
    { name: "Committee paper (print view)", path: `${report}/paper` },
    { name: "Figures CSV", path: `${report}/figures.csv` },
    { name: "Training by programme, last 12 months", path: "/admin/training?by=programme" },
    { name: "Training by department, last 12 months", path: "/admin/training?by=department" },
    { name: "Training by organisation, all time", path: "/admin/training?by=organisation&range=all" },
    { name: "Training by sector, all time", path: "/admin/training?by=sector&range=all" },
    { name: "Training by department, all time", path: "/admin/training?by=department&range=all" },
    { name: "Training by month, all time", path: "/admin/training?by=month&range=all" },
    { name: "Training by quarter, all time", path: "/admin/training?by=quarter&range=all" },
    { name: "Compulsory training coverage (5,000 staff)", path: `/admin/training/compulsory/${requirementId}` },
    { name: "Action plan with live targets", path: `/admin/plans/${planId}` },
    { name: "Action plan, printable", path: `/admin/plans/${planId}/print` },
    { name: "Download: anonymised responses, every session", path: `${report}/responses.csv`, download: true },
    { name: "Download: training by organisation, all time", path: "/admin/training/export.csv?by=organisation&range=all", download: true },
    {
      name: "Download: compulsory training list (5,000 staff)",
      path: `/admin/training/compulsory/${requirementId}/export.csv`,
      download: true,
    },
  ];
}

function today() {
  return new Date().toISOString().slice(0, 10);
}
function lastYear() {
  return new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
}

async function measure(base: string, cookie: string, page: Page, requests: number): Promise<Timing> {
  // The first view is timed on its own: it pays for anything not yet cached (SQLite pages, drawn charts),
  // which is what someone opening a report for the first time waits for.
  let first = 0;
  let bytes = 0;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    const response = await fetch(new URL(page.path, base), { headers: { cookie, "accept-encoding": "gzip" }, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}; the benchmark measures only pages that work.`);
    bytes = (await response.arrayBuffer()).byteLength;
    if (i === 0) first = performance.now() - started;
  }
  const result = await autocannon({
    url: new URL(page.path, base).toString(),
    headers: { cookie, "accept-encoding": "gzip" },
    connections: 1,
    amount: requests,
  });
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(`${page.path}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  // autocannon's histogram has p50, p90 and p97.5 buckets; p90 understates a p95, so take p97.5.
  return { first, median: result.latency.p50, p975: result.latency.p97_5, max: result.latency.max, bytes };
}

async function benchSize(size: FixtureSize, requests: number, reuse: boolean) {
  const file = path.join(ROOT, "bench", ".tmp", `reports-${size.bookings}-${size.answers}.db`);
  if (!(reuse && existsSync(file))) {
    const started = Date.now();
    const counts = buildFixture(file, size);
    console.log(
      `Built ${path.relative(ROOT, file)} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${counts.bookings.toLocaleString("en-GB")} bookings, ${counts.answers.toLocaleString("en-GB")} answers (and ${counts.followUpAnswers.toLocaleString("en-GB")} at follow-ups), ${counts.responses.toLocaleString("en-GB")} responses, ${counts.sessions.toLocaleString("en-GB")} sessions`,
    );
  }
  const pages = pagesFor(file);
  const server = await startServer({ DATABASE_PATH: file });
  try {
    const client = new Client(server.url);
    const signIn = await client.signIn(BENCH_USER.email, BENCH_USER.password);
    if (!(signIn.status >= 300 && signIn.status < 400) || signIn.headers.get("location")?.includes("sign-in"))
      throw new Error(`Could not sign in as the benchmark reporter (status ${signIn.status}).`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const timings = new Map<string, Timing>();
    for (const page of pages) {
      timings.set(page.name, await measure(server.url, cookie, page, requests));
      process.stdout.write(".");
    }
    process.stdout.write("\n");
    return { pages, timings };
  } finally {
    await server.stop();
  }
}

async function main() {
  const { values } = parseArgs({ options: { requests: { type: "string", default: "50" }, reuse: { type: "boolean", default: false } } });
  const requests = Number(values.requests);
  if (!existsSync(path.join(ROOT, "build", "index.js"))) throw new Error("There is no build to measure. Run `npm run build` first.");

  const small: FixtureSize = { bookings: TARGET.bookings / 4, answers: TARGET.answers / 4 };
  const quarter = await benchSize(small, requests, values.reuse!);
  const full = await benchSize(TARGET, requests, values.reuse!);

  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const rows = full.pages.map((page) => {
    const a = quarter.timings.get(page.name)!;
    const b = full.timings.get(page.name)!;
    const growth = b.median / Math.max(a.median, 1);
    // Time may grow at most as the data does (4×). A download that holds every row (the anonymised responses)
    // is written in time proportional to its file, which also grows 4×; its median at a quarter size is small
    // enough for scheduling noise to matter, so downloads are allowed a quarter again.
    const fileGrowth = b.bytes / Math.max(a.bytes, 1);
    const scales = growth <= (page.download ? 1.25 * Math.max(4, fileGrowth) : 4);
    return { page, a, b, growth, fileGrowth, fast: page.download || b.p975 < BUDGET_MS, scales };
  });
  console.log(`\n${requests} requests per page, one at a time, after 2 warm-up requests. Data grows 4× between the columns.\n`);
  console.log(
    "| Page | 50,000 bookings / 250,000 answers: median (p97.5) | 200,000 / 1,000,000: median (p97.5) | max | first view | growth | under 300 ms |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.page.name} | ${ms(r.a.median)} (${ms(r.a.p975)}) | ${ms(r.b.median)} (${ms(r.b.p975)}) | ${ms(r.b.max)} | ${ms(r.b.first)} | ${r.growth.toFixed(1)}×${r.page.download ? ` (file ${r.fileGrowth.toFixed(1)}×)` : ""} | ${r.page.download ? "(download)" : r.fast ? "yes" : "**no**"} |`,
    );
  }
  const missed = rows.filter((r) => !r.fast || !r.scales);
  if (missed.length) {
    console.log(
      `\nMissed: ${missed.map((r) => `${r.page.name} (${!r.fast ? `p97.5 ${ms(r.b.p975)}` : `grew ${r.growth.toFixed(1)}×`})`).join("; ")}`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `\nEvery page answered under ${BUDGET_MS} ms at the target size (97.5th percentile), and nothing grew faster than the data.`,
    );
  }
}

await main();
