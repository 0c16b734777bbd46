/**
 * Runs before each test file: every file gets its own SQLite file (with the real migrations applied on
 * first use), so files can run in parallel without sharing rows.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";

import { afterAll } from "vitest";

import { TEST_TMP } from "./paths";

process.env.DATABASE_PATH = path.join(TEST_TMP, `unit-${randomUUID()}.db`);
// The seed and session secret look for files relative to the database; keep them in the temp folder too.
process.env.PUBLIC_URL = "http://localhost:3000";

afterAll(async () => {
  const { closeDatabase } = await import("~/db.server");
  closeDatabase();
});
