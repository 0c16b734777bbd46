/**
 * Public pages against the ceiling of the stack (issue 13). On the demo data and on a large database (10,000
 * sessions, 250,000 bookings, from scripts/bench-fixtures.ts), starts the built app (production mode) and the
 * bare ceiling server (bench/ceiling.ts, checked against the app by tests/ceiling.test.ts; in a process of its own) on the same file, and
 * measures each public read with autocannon, interleaved app, ceiling, app, ceiling; then the app's start-up
 * time and memory on the large database, and a booking rush on the demo data with `GET /` timed while it runs.
 * Prints one table of ratios and goals with the commit and appends it to docs/benchmarks.md (`--dry` only prints).
 *
 *   npm run bench:public                  # 10 connections, 5 s per run, 2 runs each
 *   npm run bench:public -- --seconds 10 --dry
 *   npm run bench:public -- --rush-only   # only the rushes (app, ceiling ×2); prints, appends nothing
 *
 * The rush runs app, ceiling, app, ceiling, each on a new session of the demo database.
 */
import { execSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import autocannon from "autocannon";
import Database from "better-sqlite3";

import { buildFixture } from "./bench-fixtures";
import { freePort, runServerProcess, serverEnv, startServer, type RunningServer } from "../tests/support/server";

const ROOT = path.resolve(import.meta.dirname, "..");
// Not strict: `npm run bench` passes every benchmark the same arguments.
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    dry: { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    "rush-only": { type: "boolean", default: false },
  },
  strict: false,
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = 10;
const LARGE = { bookings: 250_000, answers: 250_000 };
const GOAL = { ratio: 0.5, p99: 50, rushRatio: 0.3, rushP99: 1000, homeDuringRushP99: 100, startupMs: 1000, rssMb: 300 };
const APP_ENV = { NODE_ENV: "production", BOOKING_RATE_LIMIT: "0" };

type Ceiling = { url: string; close: () => Promise<void> };

/** The ceiling in a process of its own (bench/ceiling-process.ts): it must not share an event loop with autocannon. */
async function startCeiling({
  databasePath,
  publicUrl,
  mailFrom,
}: {
  databasePath: string;
  publicUrl: string;
  mailFrom: string;
}): Promise<Ceiling> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench", "ceiling-process.ts"), databasePath, publicUrl, mailFrom],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0]!;
      if (out.includes("\n")) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`The ceiling exited during start-up (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

type Run = { rps: number; p50: number; p99: number; errors: number };
async function measure(url: string, headers: Record<string, string> = {}): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}
const best = (runs: Run[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));

type PathResult = { data: string; path: string; app: Run; ceiling: Run; madeEachTime: Run };
async function comparePaths(data: string, app: RunningServer, ceiling: Ceiling, paths: string[]): Promise<PathResult[]> {
  const results: PathResult[] = [];
  for (const p of paths) {
    // Warm both (JIT, SQLite's page cache) before anything is timed.
    await measure(`${app.url}${p}`);
    await measure(`${ceiling.url}${p}`);
    const appRuns: Run[] = [];
    const ceilingRuns: Run[] = [];
    for (let i = 0; i < 2; i++) {
      appRuns.push(await measure(`${app.url}${p}`));
      ceilingRuns.push(await measure(`${ceiling.url}${p}`));
    }
    // A cookie makes the app make the page for each request (server/public-pages.ts): what a page costs to make.
    const madeEachTime = await measure(`${app.url}${p}`, { cookie: "bench=1" });
    results.push({ data, path: p, app: best(appRuns), ceiling: best(ceilingRuns), madeEachTime });
    console.log(`  ${data} ${p}: app ${Math.round(best(appRuns).rps)} req/s, ceiling ${Math.round(best(ceilingRuns).rps)} req/s`);
  }
  return results;
}

async function firstBookableSession(url: string): Promise<number> {
  const feed = (await (await fetch(`${url}/api/sessions`)).json()) as { sessions: Array<{ id: number; bookingOpen: boolean }> };
  const found = feed.sessions.find((s) => s.bookingOpen);
  if (!found) throw new Error("No bookable session in the data");
  return found.id;
}

/**
 * A new visitor opening the home page every 20 ms, each on a new connection and whether or not the last one has
 * been answered (so a stall counts for every visitor it holds up, not once), timed in a process of its own so
 * the rush's client does not slow the timing.
 */
function probeHome(url: string) {
  const code = `
    import net from "node:net";
    const times = []; let errors = 0; const pending = new Set();
    const target = new URL(process.env.URL);
    const timer = setInterval(() => {
      const start = performance.now();
      const p = new Promise((resolve) => {
        let head = "";
        const c = net.connect(Number(target.port), target.hostname, () =>
          c.write("GET " + target.pathname + " HTTP/1.1\\r\\nHost: " + target.host + "\\r\\nConnection: close\\r\\n\\r\\n"));
        c.on("data", (d) => { if (head.length < 12) head += d.toString("latin1"); });
        c.on("end", () => { if (!head.startsWith("HTTP/1.1 200")) errors++; else times.push(performance.now() - start); resolve(); });
        c.on("error", () => { errors++; resolve(); });
      });
      pending.add(p); p.finally(() => pending.delete(p));
    }, 20);
    process.on("message", async () => { clearInterval(timer); await Promise.all(pending); process.send({ times, errors }); process.exit(0); });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    env: { ...process.env, URL: url },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return {
    stop: () =>
      new Promise<{ p50: number; p99: number; max: number; requests: number; errors: number }>((resolve) => {
        child.once("message", (m: { times: number[]; errors: number }) => {
          const sorted = [...m.times].sort((a, b) => a - b);
          const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
          resolve({
            p50: at(0.5),
            p99: at(0.99),
            max: Math.round(sorted[sorted.length - 1] ?? 0),
            requests: sorted.length,
            errors: m.errors,
          });
        });
        child.send("stop");
      }),
  };
}

function publicPaths(sessionId: number) {
  return ["/", "/events", `/events/${sessionId}`, "/api/sessions"];
}

// ----- Demo data ------------------------------------------------------------------------------------------
console.log("Demo data…");
// An empty database: the app seeds the demo data into it as `npm start` does.
const demoApp = await startServer(APP_ENV, { database: "empty" });
const demoCeiling = await startCeiling({
  databasePath: demoApp.databasePath,
  publicUrl: demoApp.url,
  mailFrom: "training@safercity.example",
});
const demoResults = values["rush-only"]
  ? []
  : await comparePaths("demo", demoApp, demoCeiling, publicPaths(await firstBookableSession(demoApp.url)));
await demoCeiling.close();

// ----- The booking rush (demo data) -------------------------------------------------------------------------
// A new session with 100 places; 1,000 people book at once, 100 at a time, while others open the home page.
console.log("Booking rush…");
async function rushOn(base: string, { probe, posts = 1000, places = 100 }: { probe: boolean; posts?: number; places?: number }) {
  const db = new Database(demoApp.databasePath);
  const programmeId = (db.prepare("select id from programmes where archived_at is null order by id limit 1").pluck().get() as number) ?? 1;
  const startsAt = Date.now() + 30 * 24 * 3600_000;
  const sessionId = Number(
    db
      .prepare(
        "insert into sessions (programme_id, starts_at, ends_at, venue, capacity, booking_closes_at) values (?, ?, ?, 'Rush Hall, London', ?, ?)",
      )
      .run(programmeId, startsAt, startsAt + 2 * 3600_000, places, startsAt - 24 * 3600_000).lastInsertRowid,
  );
  db.close();
  const body = (id: string) =>
    new URLSearchParams({
      name: `Rush Person ${id}`,
      email: `rush-${id}@bench.example`,
      organisation: "Bench Organisation",
      sector: "business",
      jobRole: "Officer",
      department: "",
      accessNeeds: "",
      consent: "yes",
      website: "",
    }).toString();
  let sent = 0;
  // Timed to the last answer: autocannon itself finishes on its next whole second (a rush done in 0.6 s
  // "took" 1.0 s), which made every rush's rate a thousand divided by a whole number of seconds.
  const started = performance.now();
  let lastAnswer = started;
  let rushInstance: autocannon.Instance | undefined;
  const rushing = new Promise<autocannon.Result>((resolve, reject) => {
    rushInstance = autocannon(
      {
        url: `${base}/events/${sessionId}`,
        connections: 100,
        amount: posts,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            setupRequest: (req) => ({ ...req, body: body(String(++sent)) }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const home = probe ? probeHome(`${base}/`) : null;
  // The home page is timed while the rush runs, not in the quiet after it.
  let homeStopped: ReturnType<NonNullable<typeof home>["stop"]> | null = null;
  let answers = 0;
  rushInstance!.on("response", () => {
    lastAnswer = performance.now();
    if (++answers === posts) homeStopped = home?.stop() ?? null;
  });
  const result = await rushing;
  const seconds = (lastAnswer - started) / 1000;
  const homeResult = homeStopped ? await homeStopped : home ? await home.stop() : null;
  const check = new Database(demoApp.databasePath, { readonly: true });
  const counts = Object.fromEntries(
    (
      check.prepare("select status, count(*) as n from bookings where session_id = ? group by status").all(sessionId) as Array<{
        status: string;
        n: number;
      }>
    ).map((r) => [r.status, r.n]),
  );
  const emails = check
    .prepare("select count(*) from email_outbox o join bookings b on b.id = o.booking_id where b.session_id = ?")
    .pluck()
    .get(sessionId) as number;
  check.close();
  const exact = counts.confirmed === places && counts.waitlisted === posts - places && Object.keys(counts).length === 2 && emails === posts;
  return {
    bookingsPerSecond: posts / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    redirects: result["3xx"],
    otherAnswers: result.requests.total - result["3xx"],
    counts,
    emails,
    exact,
    home: homeResult,
  };
}

// App, ceiling, app, ceiling on the same file, each on a session of its own; the home page is timed while the
// app's rushes run.
const demoCeilingForRush = await startCeiling({
  databasePath: demoApp.databasePath,
  publicUrl: demoApp.url,
  mailFrom: "training@safercity.example",
});
// Warmed first, as the pages are: a smaller rush on each, not counted.
const warmUps = [
  await rushOn(demoApp.url, { probe: false, posts: 300, places: 30 }),
  await rushOn(demoCeilingForRush.url, { probe: false, posts: 300, places: 30 }),
];
const appRushes = [];
const ceilingRushes = [];
for (let i = 0; i < 2; i++) {
  appRushes.push(await rushOn(demoApp.url, { probe: true }));
  ceilingRushes.push(await rushOn(demoCeilingForRush.url, { probe: true }));
}
await demoCeilingForRush.close();
const fastest = <T extends { bookingsPerSecond: number }>(runs: T[]) =>
  runs.reduce((a, b) => (b.bookingsPerSecond > a.bookingsPerSecond ? b : a));
const rush = fastest(appRushes);
const ceilingRush = fastest(ceilingRushes);
const rushExact = [...warmUps, ...appRushes, ...ceilingRushes].every((r) => r.exact && r.otherAnswers === 0);
const home = rush.home!;
const ceilingHome = ceilingRush.home!;
await demoApp.stop();
if (values["rush-only"]) {
  for (const [who, runs] of [
    ["app", appRushes],
    ["ceiling", ceilingRushes],
  ] as const)
    for (const r of runs)
      console.log(
        `${who}: ${Math.round(r.bookingsPerSecond)} bookings/s, p50 ${r.p50} ms, p99 ${r.p99} ms, exact ${r.exact}; GET / p50 ${r.home!.p50} ms, p99 ${r.home!.p99} ms, longest ${r.home!.max} ms (${r.home!.requests}, ${r.home!.errors} errors)`,
      );
  process.exit(0);
}

// ----- Large database ---------------------------------------------------------------------------------------
const largeFile = path.join(ROOT, "bench", ".tmp", "public-large.db");
mkdirSync(path.dirname(largeFile), { recursive: true });
if (values.rebuild || !existsSync(largeFile)) {
  console.log(`Building the large database (${LARGE.bookings.toLocaleString("en-GB")} bookings)…`);
  buildFixture(largeFile, LARGE);
}
const largeCounts = (() => {
  const db = new Database(largeFile, { readonly: true });
  const sessions = db.prepare("select count(*) from sessions").pluck().get() as number;
  const bookings = db.prepare("select count(*) from bookings").pluck().get() as number;
  db.close();
  return { sessions, bookings };
})();

// Start-up on an existing database, as `npm run serve` does: from the process starting to "running", best of 3.
console.log("Start-up…");
async function timeStartup(): Promise<number> {
  const started = process.hrtime.bigint();
  const { child, output, exited } = runServerProcess({
    ...serverEnv(),
    ...APP_ENV,
    TEST_NOW: "",
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
    DATABASE_PATH: largeFile,
  });
  for (;;) {
    if (output().includes("is running at")) break;
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill("SIGTERM");
  await exited;
  return ms;
}
const startups: number[] = [];
for (let i = 0; i < 3; i++) startups.push(await timeStartup());
const startupMs = Math.min(...startups);

console.log("Large database…");
const largeApp = await startServer({ ...APP_ENV, DATABASE_PATH: largeFile });
const largeCeiling = await startCeiling({ databasePath: largeFile, publicUrl: largeApp.url, mailFrom: "training@safercity.example" });
const largeResults = await comparePaths("large", largeApp, largeCeiling, publicPaths(await firstBookableSession(largeApp.url)));
await largeCeiling.close();
const memory = Object.fromEntries(
  readFileSync(`/proc/${largeApp.pid}/status`, "utf8")
    .split("\n")
    .filter((l) => /^Vm(RSS|HWM):/.test(l))
    .map((l) => [l.split(":")[0], Math.round(Number(/(\d+)/.exec(l)![1]) / 1024)]),
) as { VmRSS: number; VmHWM: number };
await largeApp.stop();

// ----- The table ---------------------------------------------------------------------------------------------
const commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
const dirty = execSync("git status --porcelain", { encoding: "utf8" }).trim() ? " with uncommitted changes" : "";
const met = (ok: boolean) => (ok ? "met" : "**not met**");
const lines: string[] = [];
lines.push(
  `Commit ${commit}${dirty}, ${new Date().toISOString().slice(0, 10)}; ${CONNECTIONS} connections, ${SECONDS} s per run, best of 2 interleaved runs each.`,
  `Large database: ${largeCounts.sessions.toLocaleString("en-GB")} sessions, ${largeCounts.bookings.toLocaleString("en-GB")} bookings.`,
  "",
  "| Data | Path | app req/s | ceiling req/s | app ÷ ceiling | app p50 / p99 | ceiling p50 / p99 | page made per request: req/s, p99 | goal (≥ 0.5, p99 < 50 ms) |",
  "|---|---|---|---|---|---|---|---|---|",
);
for (const r of [...demoResults, ...largeResults]) {
  const ratio = r.app.rps / r.ceiling.rps;
  const errors = r.app.errors + r.ceiling.errors;
  lines.push(
    `| ${r.data} | \`${r.path.replace(/\/\d+$/, "/:id")}\` | ${Math.round(r.app.rps)} | ${Math.round(r.ceiling.rps)} | ${ratio.toFixed(2)} | ${r.app.p50} / ${r.app.p99} ms | ${r.ceiling.p50} / ${r.ceiling.p99} ms | ${Math.round(r.madeEachTime.rps)}, ${r.madeEachTime.p99} ms | ${met(ratio >= GOAL.ratio && r.app.p99 < GOAL.p99 && errors === 0)}${errors ? ` (${errors} errors)` : ""} |`,
  );
}
lines.push(
  "",
  "| Measure | Figure | Goal | |",
  "|---|---|---|---|",
  `| Booking rush: 1,000 posts, 100 at a time, 100 places (best of 2 each) | app ${Math.round(rush.bookingsPerSecond)} bookings/s, p50 ${rush.p50} ms, p99 ${rush.p99} ms; ceiling ${Math.round(ceilingRush.bookingsPerSecond)} bookings/s, p50 ${ceilingRush.p50} ms, p99 ${ceilingRush.p99} ms; app ÷ ceiling ${(rush.bookingsPerSecond / ceilingRush.bookingsPerSecond).toFixed(2)} | ≥ 0.3 × the ceiling, p99 < 1 s | ${met(rush.bookingsPerSecond / ceilingRush.bookingsPerSecond >= GOAL.rushRatio && rush.p99 < GOAL.rushP99)} |`,
  `| Rush outcome, every run of both (warm-ups: 300 posts, 30 places) | ${[...warmUps, ...appRushes, ...ceilingRushes].map((r) => `${r.counts.confirmed ?? 0} confirmed, ${r.counts.waitlisted ?? 0} waiting, ${r.emails} emails, ${r.redirects} sent to the manage page, ${r.otherAnswers} otherwise`).join("; ")} | exactly the places, the rest waiting, an email and a manage page each | ${met(rushExact)} |`,
  `| \`GET /\` during the rush (a new visitor every 20 ms) | app: p50 ${home.p50} ms, p99 ${home.p99} ms, longest ${home.max} ms, ${home.requests} answered, ${home.errors} errors; the ceiling during its own rush: p50 ${ceilingHome.p50} ms, p99 ${ceilingHome.p99} ms, longest ${ceilingHome.max} ms | p99 < 100 ms | ${met(home.p99 < GOAL.homeDuringRushP99 && home.errors === 0)}${ceilingHome.p99 >= GOAL.homeDuringRushP99 ? " (not by the ceiling, which takes posts as they come)" : ""} |`,
  `| Start-up on the large database (best of 3) | ${Math.round(startupMs)} ms (${startups.map((s) => Math.round(s)).join(", ")}) | < 1 s | ${met(startupMs < GOAL.startupMs)} |`,
  `| Memory after the large database's runs | ${memory.VmRSS} MB resident, ${memory.VmHWM} MB at most | < 300 MB | ${met(memory.VmHWM < GOAL.rssMb)} |`,
);
if (ceilingHome.p99 >= GOAL.homeDuringRushP99)
  lines.push(
    "",
    "The ceiling misses the home page's goal during its rush: it handles posts as they come, and Node lets in one new connection per pass of its event loop; the app's requests take turns (ADR 022; docs/benchmarks.md, \"Why visitors waited during a rush\").",
  );
const table = lines.join("\n");
console.log(`\n${table}`);
if (!values.dry) {
  appendFileSync(path.join(ROOT, "docs", "benchmarks.md"), `\n#### \`npm run bench:public\`, commit ${commit}\n\n${table}\n`);
  console.log("\nAppended to docs/benchmarks.md.");
}
