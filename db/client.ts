/**
 * Opens the SQLite database with the pragmas the app relies on and brings its schema up to date.
 * The app holds exactly one of these (see app/db.server.ts); scripts and tests open their own.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import * as schema from "./schema";
import { withStatementCache } from "./statement-cache";

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

function migrationsFolder(): string {
  // From source (tsx, vitest) the folder sits beside this file; in the server bundle it does not, and the
  // server runs from the project root.
  try {
    const beside = fileURLToPath(new URL("./migrations", import.meta.url));
    if (existsSync(path.join(beside, "meta", "_journal.json"))) return beside;
  } catch {
    // import.meta.url is not a file URL in some bundles; fall through.
  }
  return path.resolve(process.cwd(), "db", "migrations");
}

export function openDatabase(file: string, options: { migrate?: boolean } = {}): { db: Db; sqlite: Sqlite } {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets report reads run while a booking writes; NORMAL sync is durable in WAL mode except on power
  // loss mid-checkpoint, which SQLite recovers from. busy_timeout covers scripts (seed, jobs) writing at
  // the same time as the server.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(withStatementCache(sqlite), { schema });
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, sqlite };
}

/** A transaction handle; model functions accept either this or the client so they compose inside one. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
