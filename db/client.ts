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
  if (options.migrate !== false) applyMigrations(db, sqlite);
  return { db, sqlite };
}

/**
 * Applies the migrations not yet applied with foreign keys off, then checks every key. SQLite changes a table's
 * constraints (a new value in a CHECK list, say) only by making the table anew and dropping the old one, and
 * dropping a table with foreign keys on deletes every row that refers to it (ON DELETE CASCADE): a form's
 * questions, responses and answers. drizzle-kit writes `PRAGMA foreign_keys=OFF` into such a migration, but the
 * migrator runs inside a transaction, where that pragma does nothing; so it is done here, outside, as SQLite's
 * own procedure says (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
 */
export function applyMigrations(db: Db, sqlite: Sqlite, folder = migrationsFolder()) {
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: folder });
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length)
      throw new Error(`After the migrations, ${broken.length} rows refer to rows that do not exist: ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

/** A transaction handle; model functions accept either this or the client so they compose inside one. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
