import { and, eq, isNull, lt, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { newSecretToken } from "~/utils/tokens.server";

/** The privacy notice promises this: booking details are kept for 2 years after the session. */
export const BOOKING_RETENTION_MONTHS = 24;

/**
 * Removes names, contact details, job roles and access needs from bookings whose session ended more than
 * the retention period ago. Organisation, sector and attendance stay, so the figures in reports do not
 * change; the manage and feedback links stop working.
 */
export function anonymiseExpiredBookings({ now = clock() }: { now?: Date } = {}): number {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - BOOKING_RETENTION_MONTHS);
  const expired = db
    .select({ id: schema.bookings.id })
    .from(schema.bookings)
    .innerJoin(schema.sessions, sql`${schema.sessions.id} = ${schema.bookings.sessionId}`)
    .where(and(isNull(schema.bookings.anonymisedAt), lt(schema.sessions.endsAt, cutoff)))
    .limit(5000)
    .all()
    .map((r) => r.id);
  if (!expired.length) return 0;
  return db.transaction((tx) => {
    let changed = 0;
    for (const id of expired) {
      changed += tx
        .update(schema.bookings)
        .set({
          name: "Removed after retention period",
          email: "",
          emailNormalised: `removed-${id}`,
          jobRole: "",
          department: null,
          accessNeeds: null,
          manageToken: newSecretToken(),
          feedbackToken: newSecretToken(),
          anonymisedAt: now,
        })
        .where(eq(schema.bookings.id, id))
        .run().changes;
    }
    return changed;
  });
}
