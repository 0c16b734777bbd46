/**
 * What hostile posts cost the server, beside a normal one (issue 11). Starts the built server on a fresh demo
 * database and times, one request at a time: a real booking (the baseline), the 40,000-field post and the
 * 200,000-field post the security review sent, and a 200 MB chunked post; then how fast the events page
 * answers other visitors while four connections send 40,000-field posts without pause, against the same page
 * with nobody attacking. Prints the server's memory before and after.
 *
 *   npm run bench:hostile                 # 30 of each
 *   npm run bench:hostile -- --requests 10
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import autocannon from "autocannon";
import Database from "better-sqlite3";

import { raw } from "../tests/support/raw-http";
import { startServer } from "../tests/support/server";

// Not strict: `npm run bench` passes every benchmark the same arguments.
const { values } = parseArgs({ options: { requests: { type: "string", default: "30" } }, strict: false });
const REQUESTS = Number(values.requests);

const server = await startServer({ BOOKING_RATE_LIMIT: "0" }, { database: "empty" });

function rssMb(): string {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1]);
  return `${Math.round(kb / 1024)} MB`;
}

const sqlite = new Database(server.databasePath, { readonly: true });
const sessionId = sqlite
  .prepare("select id from sessions where status = 'scheduled' and starts_at > ? order by starts_at desc limit 1")
  .pluck()
  .get(Date.now()) as number;
sqlite.close();
const address = `${server.url}/events/${sessionId}`;
const headers = { origin: server.url, "content-type": "application/x-www-form-urlencoded" };

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
};
const fmt = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

async function time(label: string, send: (i: number) => Promise<{ status: number | string }>, n = REQUESTS) {
  const ms: number[] = [];
  const statuses = new Set<number | string>();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const answer = await send(i).catch((error: NodeJS.ErrnoException) => ({ status: error.code ?? "error" }));
    ms.push(performance.now() - start);
    statuses.add(answer.status);
  }
  const s = stats(ms);
  rows.push(`| ${label} | ${[...statuses].join(", ")} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(s.max)} |`);
}

const booking = (i: number) =>
  new URLSearchParams({
    name: `Bench Person ${i}`,
    email: `bench${i}-${Date.now()}@example.org`,
    organisation: "Hotel Aurora",
    sector: "hotel",
    jobRole: "Night manager",
    department: "",
    accessNeeds: "",
    consent: "yes",
    website: "",
  }).toString();
const fields = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `f${i}=x`).join("&"));
const flood40k = fields(40_000);
const flood200k = fields(200_000);

const rows: string[] = [];
const rssBefore = rssMb();
await time("A booking (the baseline)", (i) => raw(address, { headers, body: Buffer.from(booking(i)) }));
await time(`40,000 fields (${Math.round(flood40k.length / 1024)} KB)`, () => raw(address, { headers, body: flood40k }));
await time(`200,000 fields (${Math.round(flood200k.length / 1024)} KB)`, () => raw(address, { headers, body: flood200k }));
await time(
  "200 MB chunked",
  () =>
    raw(address, {
      headers: { ...headers, "transfer-encoding": "chunked" },
      body: function* () {
        const chunk = Buffer.alloc(64 * 1024, "a");
        for (let i = 0; i < 3200; i++) yield chunk;
      },
    }),
  Math.min(REQUESTS, 10),
);
const rssAfter = rssMb();

/** The events page for 10 s, 4 connections, with or without four more connections sending floods. */
async function eventsPage(underAttack: boolean) {
  let attacking = underAttack;
  const attackers = underAttack
    ? Array.from({ length: 4 }, async () => {
        let sent = 0;
        while (attacking) {
          await raw(address, { headers, body: flood40k }).catch(() => undefined);
          sent++;
        }
        return sent;
      })
    : [];
  const result = await autocannon({ url: `${server.url}/events`, connections: 4, duration: 10, headers: { "accept-encoding": "gzip" } });
  attacking = false;
  const floods = (await Promise.all(attackers)).reduce((a, b) => a + b, 0);
  return { result, floods };
}
const quiet = await eventsPage(false);
const attacked = await eventsPage(true);
await server.stop();

console.log(`\nOne request at a time, ${REQUESTS} each (200 MB chunked: ${Math.min(REQUESTS, 10)}):\n`);
console.log("| Post | Answer | median | p95 | max |\n|---|---|---|---|---|");
console.log(rows.join("\n"));
console.log(`\nServer memory: ${rssBefore} before, ${rssAfter} after.\n`);
console.log("The events page, 4 connections for 10 s:\n");
console.log("| | requests/s | median | p97.5 | max |\n|---|---|---|---|---|");
for (const [label, { result }] of [
  ["Nobody attacking", quiet],
  [`While 4 connections send 40,000-field posts (${attacked.floods} sent)`, attacked],
] as const) {
  console.log(
    `| ${label} | ${Math.round(result.requests.average)} | ${result.latency.p50} ms | ${result.latency.p97_5} ms | ${result.latency.max} ms |`,
  );
}
