/**
 * What the server's memory of public pages (server/public-pages.ts, ADR 020) asks of the data: a stamp that
 * changes with every write, and the next instant at which time alone changes what a public page says.
 */
import type { Statement } from "better-sqlite3";
import { getTableName } from "drizzle-orm";

import { sqlite } from "~/db.server";
import { clock } from "~/utils/clock.server";

import { sessions as s } from "../../db/schema";

// Per connection, as statements belong to the connection they were prepared on.
const statements = new WeakMap<object, { changes: Statement<[]>; dataVersion: Statement<[]>; next: Statement<[{ now: number }]> }>();

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
    };
    statements.set(connection, found);
  }
  return found;
}

/** Differs from the last answer whenever anything in the database may have changed since. */
export function dataVersion(): string {
  const { changes, dataVersion: version } = prepared();
  return `${changes.get() as number}.${version.get() as number}`;
}

/** The next instant after `now` at which a public page can say something different with no write: ms since 1970, or null if none. */
export function nextTimedChange({ now = clock() }: { now?: Date } = {}): number | null {
  return (prepared().next.get({ now: now.getTime() }) as number | null) ?? null;
}
