import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where every run keeps its scratch folder. */
export const TEST_TMP_ROOT = path.join(ROOT, "tests", ".tmp");
// Named by the vitest process that runs the global setup; its workers inherit the name. Two runs in one
// checkout (a clock matrix and a single file, say) then never delete each other's databases.
process.env.TEST_RUN_ID ??= String(process.pid);
/** This run's scratch space for test databases; removed at the end of the run. */
export const TEST_TMP = path.join(TEST_TMP_ROOT, `run-${process.env.TEST_RUN_ID}`);
/** Migrated and seeded with the demo once per run (global-setup.ts); each server starts on a copy. */
export const DEMO_TEMPLATE = path.join(TEST_TMP, "templates", "demo.db");
/** Migrated, with nothing in it; each in-process test file works on a copy. */
export const EMPTY_TEMPLATE = path.join(TEST_TMP, "templates", "empty.db");
