/**
 * `npm run test:clocks`: runs the test files that depend on the time of day under frozen clocks at 00:30,
 * 12:30 and 23:30 UK time, in winter (GMT) and summer (BST), and on the nights the clocks change, each in a
 * different machine time zone. Proof that the suite passes at any hour; too slow to run on every `npm test`.
 * Needs a build (`npm run build`). Extra arguments go to vitest.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

/** Each instant in UTC, with the UK time it is. */
const CLOCKS: Array<[string, string]> = [
  ["2027-01-15T00:30:00Z", "00:30 GMT"],
  ["2027-01-15T12:30:00Z", "12:30 GMT"],
  ["2027-01-15T23:30:00Z", "23:30 GMT"],
  ["2027-07-14T23:30:00Z", "00:30 BST"],
  ["2027-07-15T11:30:00Z", "12:30 BST"],
  ["2027-07-15T22:30:00Z", "23:30 BST"],
  ["2027-03-28T00:30:00Z", "00:30 GMT, half an hour before the clocks go forward"],
  ["2027-10-30T23:30:00Z", "00:30 BST, half an hour before the clocks go back"],
];
const ZONES = ["Europe/London", "America/New_York", "Pacific/Auckland"];

/** Files that read no clock and no demo data: the same at any hour. */
const TIMELESS = new Set(["answers", "browser-bundle", "dates", "deadline", "env", "migrations", "rag"]);
const files = readdirSync("tests")
  .filter((f) => f.endsWith(".test.ts") && !TIMELESS.has(f.replace(".test.ts", "")))
  .map((f) => `tests/${f}`);

const results: string[] = [];
let failed = false;
CLOCKS.forEach(([instant, label], i) => {
  const zone = ZONES[i % ZONES.length]!;
  const started = Date.now();
  console.log(`\n=== TEST_NOW=${instant} (${label}), TZ=${zone}`);
  const run = spawnSync("npx", ["vitest", "run", ...files, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, TEST_NOW: instant, TZ: zone },
  });
  const line = `${run.status === 0 ? "passed" : "FAILED"}  ${label.padEnd(52)} TEST_NOW=${instant} TZ=${zone} (${Math.round((Date.now() - started) / 1000)} s)`;
  results.push(line);
  failed ||= run.status !== 0;
});
console.log(`\n${files.length} test files under ${CLOCKS.length} clocks:\n${results.join("\n")}`);
process.exit(failed ? 1 : 0);
