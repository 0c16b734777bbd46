/**
 * Debian's Chromium driven by playwright-core; never a browser downloaded by a tool. One browser serves the
 * whole run (started by global-setup.ts): each test file connects to it and works in its own contexts,
 * which share nothing. Starting Chromium costs about three seconds of CPU, once instead of per file.
 */
import { existsSync } from "node:fs";

import { chromium, type Browser, type BrowserServer, type Page } from "playwright-core";

import { DEMO_ACCOUNTS } from "../../db/seed-data/demo";
import type { Role } from "../../domain/vocabulary";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function checkInstalled() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with: sudo apt-get update && sudo apt-get install -y chromium`,
    );
  }
}

/** For global-setup.ts: the run's browser, listening for test files to connect. */
export async function startBrowserServer(): Promise<BrowserServer> {
  checkInstalled();
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** The run's browser (or, outside the suite's global setup, a browser of this file's own). */
export async function launchBrowser(): Promise<Browser> {
  const endpoint = process.env.TEST_BROWSER_ENDPOINT;
  if (endpoint) return chromium.connect(endpoint);
  checkInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** Signs a page in as the demo account of a role, through the sign-in form, and waits for the staff area. */
export async function signInAs(page: Page, base: string, role: Role) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/admin/);
}
