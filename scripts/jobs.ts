/** `npm run jobs`: one sweep of the background work, for cron when JOBS_ENABLED=false. */
import { closeDatabase } from "../app/db.server";
import { runSweep } from "../app/jobs.server";
import { closeTransport } from "../app/models/outbox-delivery.server";
import { ConfigError, getEnv } from "../app/utils/env.server";

try {
  getEnv();
  const report = await runSweep();
  console.log(JSON.stringify(report));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
} finally {
  closeTransport();
  closeDatabase();
}
