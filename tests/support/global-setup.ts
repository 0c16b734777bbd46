import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { ROOT, TEST_TMP } from "./paths";

export default function setup() {
  rmSync(TEST_TMP, { recursive: true, force: true });
  mkdirSync(TEST_TMP, { recursive: true });
  if (!existsSync(path.join(ROOT, "build", "index.js"))) {
    throw new Error("There is no build to test against. Run `npm test` (which builds first) or `npm run build`.");
  }
  return () => rmSync(TEST_TMP, { recursive: true, force: true });
}
