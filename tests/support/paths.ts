import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Scratch space for test databases; emptied before and after each run. */
export const TEST_TMP = path.join(ROOT, "tests", ".tmp");
/** Migrated and seeded with the demo once per run (global-setup.ts); each server starts on a copy. */
export const DEMO_TEMPLATE = path.join(TEST_TMP, "templates", "demo.db");
/** Migrated, with nothing in it; each in-process test file works on a copy. */
export const EMPTY_TEMPLATE = path.join(TEST_TMP, "templates", "empty.db");
