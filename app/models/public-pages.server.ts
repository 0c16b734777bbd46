/**
 * What the server's memory of public pages (server/public-pages.ts, ADR 020) asks of the data: a stamp that
 * changes with every write a public page can show, and the next instant at which time alone changes what a
 * public page says.
 */
import type { Statement } from "better-sqlite3";
import { getTableName } from "drizzle-orm";

import { sqlite } from "~/db.server";
import { clock } from "~/utils/clock.server";

import { sessions as s } from "../../db/schema";

// Per connection, as statements belong to the connection they were prepared on.
type Connection = {
  changes: Statement<[]>;
  dataVersion: Statement<[]>;
  next: Statement<[{ now: number }]>;
  /** Rows this connection wrote that no public page shows (see `unseenByPublicPages`). */
  unseen: number;
};
const statements = new WeakMap<object, Connection>();

const table = getTableName(s);

function prepared() {
  const connection = sqlite();
  let found = statements.get(connection);
  if (!found) {
    found = {
      // total_changes(): every row this connection (the app, its jobs) has written; data_version: changes
      // whenever another connection (a command-line script, another process) commits.
      changes: connection.prepare("select total_changes()").pluck(),
      // Two statements: the table-valued pragma inside one select cost half as much again (measured).
      dataVersion: connection.prepare("pragma data_version").pluck(),
      // Public pages change by themselves when a session starts (it leaves the lists; booking stops), ends, or
      // its booking closes. Any session's, cancelled or not: cheaper to ask and never too late.
      next: connection
        .prepare(
          `select min(t) from (
             select min(${s.startsAt.name}) as t from ${table} where ${s.startsAt.name} > :now
             union all select min(${s.endsAt.name}) from ${table} where ${s.endsAt.name} > :now
             union all select min(${s.bookingClosesAt.name}) from ${table} where ${s.bookingClosesAt.name} > :now)`,
        )
        .pluck(),
      unseen: 0,
    };
    statements.set(connection, found);
  }
  return found;
}

/** Differs from the last answer whenever anything a public page shows may have changed since. */
export function dataVersion(): string {
  const { changes, dataVersion: version, unseen } = prepared();
  return `${(changes.get() as number) - unseen}.${version.get() as number}`;
}

/**
 * Runs a synchronous write and, if `unseen(result)` says no public page can show what it wrote (a place on the
 * waiting list: the pages show places left, never who waits), leaves the data's version as it was, so the
 * pages everyone reads are not made again for it. During a rush most bookings are such places. better-sqlite3
 * runs the write whole, so every row counted in between is the write's own. A write that throws counts as seen.
 */
export function unseenByPublicPages<T>({ write, unseen }: { write: () => T; unseen: (result: T) => boolean }): T {
  const connection = prepared();
  const before = connection.changes.get() as number;
  const result = write();
  if (unseen(result)) connection.unseen += (connection.changes.get() as number) - before;
  return result;
}

/** The next instant after `now` at which a public page can say something different with no write: ms since 1970, or null if none. */
export function nextTimedChange({ now = clock() }: { now?: Date } = {}): number | null {
  return (prepared().next.get({ now: now.getTime() }) as number | null) ?? null;
}
