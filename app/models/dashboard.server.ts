import { and, count, countDistinct, eq, gte } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { delivered } from "~/models/delivered.server";
import { listSessionsAwaitingAttendance, listUpcomingSessions } from "~/models/session.server";
import { clock } from "~/utils/clock.server";

const DAY = 24 * 3600_000;

/** What a member of staff sees first: what is coming up, what needs doing, and the year so far. */
export function getDashboard({ now = clock(), facilitatorId }: { now?: Date; facilitatorId?: number } = {}) {
  const upcoming = listUpcomingSessions({ now }).filter((s) => s.startsAt.getTime() < now.getTime() + 8 * 7 * DAY);
  const awaitingAttendance = listSessionsAwaitingAttendance({ now, facilitatorId });
  const yearAgo = new Date(now.getTime() - 365 * DAY);
  const b = schema.bookings;
  const s = schema.sessions;
  const deliveredThisYear = and(delivered(now), gte(s.startsAt, yearAgo));
  const trained = db
    .select({ attendances: count(), people: countDistinct(b.personId), organisations: countDistinct(b.organisationId) })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .where(and(deliveredThisYear, eq(b.status, "confirmed"), eq(b.attendance, "attended")))
    .get();
  const sessionsDelivered = db.select({ n: count() }).from(s).where(deliveredThisYear).get()?.n ?? 0;
  return {
    upcoming,
    awaitingAttendance,
    totals: {
      upcomingSessions: upcoming.length,
      upcomingConfirmed: upcoming.reduce((n, x) => n + x.confirmed, 0),
      upcomingWaitlisted: upcoming.reduce((n, x) => n + x.waitlisted, 0),
      peopleTrained: trained?.people ?? 0,
      attendances: trained?.attendances ?? 0,
      organisationsReached: trained?.organisations ?? 0,
      sessionsDelivered,
    },
  };
}
