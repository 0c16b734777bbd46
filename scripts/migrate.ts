/** `npm run db:migrate`: applies any migrations not yet applied (the server also does this at start-up). */
import { closeDatabase, sqlite } from "../app/db.server";
import { ConfigError, getEnv } from "../app/utils/env.server";

try {
  const env = getEnv();
  sqlite();
  console.log(`Database ${env.DATABASE_PATH} is up to date.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
} finally {
  closeDatabase();
}
