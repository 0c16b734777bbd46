/**
 * When a session counts as delivered: it has ended, and it was not cancelled. Every figure that says how many
 * sessions were delivered (reports, targets, training figures, the dashboard) uses this one rule.
 */
import { sql, type Column, type SQL } from "drizzle-orm";

import { schema } from "~/db.server";

/** `session`: the sessions table, or an alias of it in a query that names it differently. */
export function delivered(now: Date, session: { status: Column; endsAt: Column } = schema.sessions): SQL {
  return sql`(${session.status} = 'scheduled' and ${session.endsAt} <= ${now.getTime()})`;
}
