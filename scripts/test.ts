/**
 * `npm test`: the whole suite. Makes sure Debian's Chromium is there for the browser tests (installing it
 * when running as root, otherwise saying exactly what to run); then type-checks, lints, checks the
 * formatting and builds, side by side; then runs vitest. Extra arguments go to vitest:
 * `npm test -- tests/booking-rules.test.ts`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs a command with its output held back, so steps running side by side do not interleave. */
function step(label: string, command: string, args: string[]): Promise<{ label: string; ok: boolean; output: string; time: string }> {
  const begun = Date.now();
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ label, ok: code === 0, output, time: seconds(begun) }));
  });
}

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests.");
    const install = spawnSync("sh", ["-c", "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"], {
      stdio: "inherit",
    });
    if (install.status !== 0) process.exit(install.status ?? 1);
  } else {
    console.error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, and installing it needs root. Run:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n\nthen run npm test again.`,
    );
    process.exit(1);
  }
}

const checks = await Promise.all([
  step("Type check", "npx", ["tsc", "--noEmit"]),
  step("Lint", "npx", ["eslint", "."]),
  step("Formatting", "npx", ["prettier", "--check", "--log-level", "warn", "."]),
  step("Build", "npm", ["run", "build", "--silent"]),
]);
for (const check of checks) {
  if (check.ok) console.log(`${check.label}: done in ${check.time}`);
  else console.error(`\n${check.label} failed:\n${check.output}`);
}
if (checks.some((c) => !c.ok)) {
  if (checks.find((c) => c.label === "Formatting" && !c.ok)) console.error("Run `npm run format` to format the files listed above.");
  process.exit(1);
}

const tests = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
console.log(`\nnpm test took ${seconds(started)}${tests.status === 0 ? "" : " and failed"}.`);
process.exit(tests.status ?? 1);
