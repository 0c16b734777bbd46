/**
 * Runs once before the whole suite:
 * - fixes the run's clock: `TEST_NOW` if given (to repeat a run at a chosen hour), otherwise the moment the run
 *   started, frozen, so every test file, every server and the demo data agree on what "now" is;
 * - migrates and seeds one template database, which each server copies instead of seeding its own, and
 *   migrates one empty template for the in-process tests;
 * - starts the one Chromium that the browser tests share.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { CHROMIUM_PATH, startBrowserServer } from "./browser";
import { DEMO_TEMPLATE, EMPTY_TEMPLATE, ROOT, TEST_TMP, TEST_TMP_ROOT } from "./paths";

function runScript(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code}):\n${output}`))));
  });
}

/** Scratch folders of runs whose process is gone (killed before its teardown). */
function removeAbandonedRuns() {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const entry of existsSync(TEST_TMP_ROOT) ? readdirSync(TEST_TMP_ROOT) : []) {
    const pid = Number(entry.match(/^run-(\d+)$/)?.[1]);
    if (!pid || !alive(pid)) rmSync(path.join(TEST_TMP_ROOT, entry), { recursive: true, force: true });
  }
}

export default async function setup() {
  removeAbandonedRuns();
  rmSync(TEST_TMP, { recursive: true, force: true });
  mkdirSync(path.dirname(DEMO_TEMPLATE), { recursive: true });
  if (!existsSync(path.join(ROOT, "build", "index.js")) || !existsSync(path.join(ROOT, "build", "server.js"))) {
    throw new Error("There is no build to test against. Run `npm test` (which builds first) or `npm run build`.");
  }

  const now = process.env.TEST_NOW ? new Date(process.env.TEST_NOW) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`TEST_NOW=${process.env.TEST_NOW} is not an instant, e.g. 2027-03-28T00:30:00Z`);
  // Workers and the servers they start inherit this.
  process.env.TEST_NOW = now.toISOString();
  console.log(`Clock for this run: TEST_NOW=${process.env.TEST_NOW} (set it to repeat the run at that instant).`);

  const env = { NODE_ENV: "test", APP_MODE: "demo", BCRYPT_COST: "4", TEST_NOW: process.env.TEST_NOW };
  // Without Chromium the browser tests fail with a message saying how to install it; the others still run.
  const [browser] = await Promise.all([
    existsSync(CHROMIUM_PATH) ? startBrowserServer() : null,
    runScript("scripts/seed.ts", { ...env, DATABASE_PATH: DEMO_TEMPLATE }),
    runScript("scripts/migrate.ts", { ...env, DATABASE_PATH: EMPTY_TEMPLATE }),
  ]);
  if (browser) process.env.TEST_BROWSER_ENDPOINT = browser.wsEndpoint();

  return async () => {
    await browser?.close();
    rmSync(TEST_TMP, { recursive: true, force: true });
  };
}
