/**
 * Drizzle asks SQLite to prepare every query it runs, each time it runs it, and most of the app's queries are
 * the same few hundred texts with different values: preparing was a sixth of the time of a booking (issue 13).
 * Drizzle is given the connection through this, which keeps the prepared statements by their SQL text and hands
 * the same one out again. Everything else is the connection itself.
 *
 * Safe because a statement is run to completion before the next one is asked for (better-sqlite3 is
 * synchronous), except while it is being iterated: a statement that is busy is never handed out again, a new
 * one is prepared instead. Drizzle sets a statement to return arrays (`raw()`) before each read that wants them;
 * one handed out again is first set back to return objects, as a new one would.
 */
import type Database from "better-sqlite3";

/** Enough for every query text the app has, with room; the least recently used goes first past it. */
const LIMIT = 2000;

export function withStatementCache(connection: Database.Database): Database.Database {
  const statements = new Map<string, Database.Statement>();
  const prepare = (source: string) => {
    const kept = statements.get(source);
    if (kept && !kept.busy) {
      statements.delete(source);
      statements.set(source, kept);
      return kept.reader ? kept.raw(false) : kept;
    }
    const statement = connection.prepare(source);
    if (!kept) {
      statements.set(source, statement);
      if (statements.size > LIMIT) statements.delete(statements.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(connection, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
