import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Scratch space for test databases; emptied before and after each run. */
export const TEST_TMP = path.join(ROOT, "tests", ".tmp");
export const SHARED = path.resolve(ROOT, "..", "shared");
