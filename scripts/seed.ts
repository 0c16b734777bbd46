/**
 * `npm run seed`: adds the demo data. Safe to run again: nothing already there is added twice.
 * Refuses in live mode, where demo accounts with published passwords must never exist.
 */
import { closeDatabase } from "../app/db.server";
import { seedDemoData } from "../app/models/demo-data.server";
import { ConfigError, getEnv } from "../app/utils/env.server";

try {
  const env = getEnv();
  if (env.APP_MODE !== "demo") {
    console.error("The demo data has published passwords, so it is only added in demo mode (APP_MODE=demo).");
    process.exit(1);
  }
  const report = await seedDemoData();
  const added = Object.entries(report).filter(([, n]) => n > 0);
  console.log(
    added.length
      ? `Demo data added to ${env.DATABASE_PATH}: ${added.map(([k, n]) => `${n} ${k}`).join(", ")}.`
      : `The demo data is already in ${env.DATABASE_PATH}; nothing was added.`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
} finally {
  closeDatabase();
}
