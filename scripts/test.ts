/**
 * `npm test`: the whole suite. Makes sure Debian's Chromium is there for the browser tests (installing it
 * when running as root, otherwise saying exactly what to run), type-checks, builds, then runs vitest.
 * Extra arguments go to vitest: `npm test -- tests/booking.test.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command: string, args: string[], label: string) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n${label} failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests.");
    run("sh", ["-c", "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"], "Installing chromium");
  } else {
    console.error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, and installing it needs root. Run:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n\nthen run npm test again.`,
    );
    process.exit(1);
  }
}

run("npx", ["tsc", "--noEmit"], "Type check");
run("npm", ["run", "build", "--silent"], "Build");
run("npx", ["vitest", "run", ...process.argv.slice(2)], "Tests");
