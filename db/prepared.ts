/**
 * A drizzle query built and prepared once per connection, then run with its values: for the few queries a
 * booking runs, where building the query with drizzle's builder cost more than SQLite running it (issue 13).
 *
 * Kept per connection because a prepared query belongs to the connection it was prepared on, and a model
 * function may be handed a transaction of another connection (a script's, a test's). The connection is read from
 * drizzle's session, which is not in drizzle's published types: `tests/prepared.test.ts` checks it is still
 * there (the version of drizzle-orm is pinned in package.json). A prepared query made inside a transaction runs
 * inside whichever transaction is open on its connection when it runs, as every statement of better-sqlite3 does.
 */
import { sql } from "drizzle-orm";

import type { DbOrTx } from "./client";

const kept = new WeakMap<object, Map<string, unknown>>();

function connectionOf(db: DbOrTx): object {
  const client = (db as unknown as { session?: { client?: object } }).session?.client;
  if (!client) throw new Error("drizzle's session no longer holds its connection: db/prepared.ts needs updating");
  return client;
}

/** The query `build` makes, prepared once for `db`'s connection under `key`; later calls return it. */
export function preparedOn<T>(db: DbOrTx, key: string, build: (db: DbOrTx) => T): T {
  const connection = connectionOf(db);
  let queries = kept.get(connection);
  if (!queries) kept.set(connection, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) queries.set(key, (query = build(db)));
  return query;
}

/** A value given when the query runs, converted as its column converts values (text, numbers, enums). */
export const valueAt = (name: string) => sql.placeholder(name);

/**
 * A time given when the query runs, in ms since 1970 or null, passed to SQLite as it is: drizzle's own conversion
 * of a placeholder's Date fails on null.
 */
export const msAt = (name: string) => sql`${sql.placeholder(name)}`;
