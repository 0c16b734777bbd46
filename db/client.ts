/**
 * Opens the SQLite database with the pragmas the app relies on and brings its schema up to date.
 * The app holds exactly one of these (see app/db.server.ts); scripts and tests open their own.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

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
  if (options.migrate !== false) {
    try {
      applyMigrations(sqlite);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }
  return { db, sqlite };
}

/**
 * Applies the migrations not yet applied, in one transaction with foreign keys off, and checks every key before
 * committing. SQLite changes a table's constraints (a new value in a CHECK list, say) only by making the table
 * anew and dropping the old one, and dropping a table with foreign keys on deletes every row that refers to it
 * (ON DELETE CASCADE): a form's questions, responses and answers. drizzle-kit writes `PRAGMA foreign_keys=OFF`
 * into such a migration, but drizzle's migrator runs inside a transaction, where that pragma does nothing. This
 * is SQLite's own procedure instead (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
 * Changes"): keys off outside the transaction, the changes, `foreign_key_check`, then commit, or roll back if any
 * row refers to nothing. It keeps drizzle's record of applied migrations (`__drizzle_migrations`) as drizzle does.
 */
export function applyMigrations(sqlite: Sqlite, folder = migrationsFolder()) {
  if (sqlite.inTransaction) throw new Error("Migrations must start outside a transaction (foreign keys cannot be turned off inside one).");
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const last = sqlite.prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`).pluck().get();
  const pending = migrations.filter((m) => last === undefined || Number(last) < m.folderMillis);
  if (!pending.length) return;
  sqlite.pragma("foreign_keys = OFF");
  try {
    sqlite.exec("BEGIN");
    try {
      const record = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("hash", "created_at") VALUES (?, ?)`);
      for (const migration of pending) {
        for (const statement of migration.sql) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
      const broken = sqlite.pragma("foreign_key_check") as unknown[];
      if (broken.length)
        throw new Error(
          `The migrations would leave ${broken.length} rows referring to rows that do not exist, so none was applied: ${JSON.stringify(broken.slice(0, 5))}`,
        );
      sqlite.exec("COMMIT");
    } catch (error) {
      sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

const MIGRATIONS_TABLE = "__drizzle_migrations";

/** A transaction handle; model functions accept either this or the client so they compose inside one. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
