import { availableParallelism } from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

import { LongestFirstSequencer } from "./tests/support/sequencer";

export default defineConfig({
  resolve: {
    alias: { "~": path.resolve(__dirname, "app") },
  },
  test: {
    include: ["tests/**/*.test.ts", "emails/**/*.test.ts"],
    // Native modules (better-sqlite3) and child servers are happiest in separate processes. Test files spend
    // much of their time waiting on a server or the browser, so two run at once even on two cores.
    pool: "forks",
    // A worker runs its files one after another in one module graph rather than re-importing the app,
    // Playwright and axe for each file (a sixth of the suite's CPU). tests/support/setup.ts gives each file its
    // own configuration and database; the app keeps no other state between files that a test could see.
    poolOptions: { forks: { isolate: false } },
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    sequence: { sequencer: LongestFirstSequencer },
    setupFiles: ["tests/support/setup.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", APP_MODE: "demo", BCRYPT_COST: "4" },
  },
});
