/**
 * Runs before each test file: every file gets its own SQLite file, a copy of the migrated empty template, so
 * files can run in parallel without sharing rows.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";

import { afterAll } from "vitest";

import { EMPTY_TEMPLATE, TEST_TMP } from "./paths";

process.env.DATABASE_PATH = path.join(TEST_TMP, `unit-${randomUUID()}.db`);
copyFileSync(EMPTY_TEMPLATE, process.env.DATABASE_PATH);
// The seed and session secret look for files relative to the database; keep them in the temp folder too.
process.env.PUBLIC_URL = "http://localhost:3000";

afterAll(async () => {
  const { closeDatabase } = await import("~/db.server");
  closeDatabase();
});
