/**
 * Runs before each test file: every file gets its own SQLite file, a copy of the migrated empty template, so
 * files can run in parallel without sharing rows. Files that run one after another in a worker share its
 * modules (vitest.config.ts), so the configuration is read again and the previous file's database closed.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";

import { afterAll } from "vitest";

import { rereadEnv } from "~/utils/env.server";

import { EMPTY_TEMPLATE, TEST_TMP } from "./paths";

process.env.DATABASE_PATH = path.join(TEST_TMP, `unit-${randomUUID()}.db`);
copyFileSync(EMPTY_TEMPLATE, process.env.DATABASE_PATH);
// The seed and session secret look for files relative to the database; keep them in the temp folder too.
process.env.PUBLIC_URL = "http://localhost:3000";
rereadEnv();

afterAll(async () => {
  const { closeDatabase } = await import("~/db.server");
  closeDatabase();
});
