import { and, asc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { ukLocalToUtc } from "~/utils/dates";

const s = schema.sessions;
const p = schema.programmes;

/** Counted with correlated sub-queries that the (session_id, status) index answers without a table scan. */
export const confirmedCount = sql<number>`(select count(*) from bookings b where b.session_id = ${s.id} and b.status = 'confirmed')`;
export const waitlistedCount = sql<number>`(select count(*) from bookings b where b.session_id = ${s.id} and b.status = 'waitlisted')`;

export type SessionListItem = {
  id: number;
  programmeId: number;
  programmeSlug: string;
  programmeTitle: string;
  publicTitle: string | null;
  sensitive: boolean;
  category: (typeof schema.programmes.$inferSelect)["category"];
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  online: boolean;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  placesLeft: number;
  bookingClosesAt: Date;
  status: "scheduled" | "cancelled";
};

const listColumns = {
  id: s.id,
  programmeId: p.id,
  programmeSlug: p.slug,
  programmeTitle: p.title,
  publicTitle: p.publicTitle,
  sensitive: p.sensitive,
  category: p.category,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  venue: s.venue,
  onlineUrl: s.onlineUrl,
  capacity: s.capacity,
  confirmed: confirmedCount,
  waitlisted: waitlistedCount,
  bookingClosesAt: s.bookingClosesAt,
  status: s.status,
};

function toListItem(row: { onlineUrl: string | null; capacity: number; confirmed: number; waitlisted: number } & Omit<SessionListItem, "online" | "placesLeft">) {
  const { onlineUrl, ...rest } = row;
  return { ...rest, online: Boolean(onlineUrl) && !row.venue, placesLeft: Math.max(0, row.capacity - row.confirmed) };
}

/**
 * Sessions the public can see: scheduled, not yet started, of programmes that are not archived.
 * `month` is `YYYY-MM` in UK time.
 */
export function listUpcomingSessions({
  now = new Date(),
  programmeId,
  month,
  limit,
}: { now?: Date; programmeId?: number; month?: string; limit?: number } = {}): SessionListItem[] {
  const where: SQL[] = [eq(s.status, "scheduled"), gt(s.startsAt, now), isNull(p.archivedAt)];
  if (programmeId) where.push(eq(p.id, programmeId));
  if (month) {
    const [year, mon] = month.split("-").map(Number);
    const from = ukLocalToUtc({ year: year!, month: mon!, day: 1 }, { hour: 0, minute: 0 });
    const to = ukLocalToUtc({ year: mon === 12 ? year! + 1 : year!, month: mon === 12 ? 1 : mon! + 1, day: 1 }, { hour: 0, minute: 0 });
    if (from && to) where.push(gte(s.startsAt, from), lt(s.startsAt, to));
  }
  const query = db
    .select(listColumns)
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(...where))
    .orderBy(asc(s.startsAt), asc(s.id));
  return (limit ? query.limit(limit) : query).all().map(toListItem);
}

/** Programmes with at least one upcoming public session, for the filter on /events. */
export function listProgrammesWithUpcomingSessions({ now = new Date() }: { now?: Date } = {}) {
  return db
    .selectDistinct({ id: p.id, title: p.title, slug: p.slug })
    .from(p)
    .innerJoin(s, eq(s.programmeId, p.id))
    .where(and(eq(s.status, "scheduled"), gt(s.startsAt, now), isNull(p.archivedAt)))
    .orderBy(asc(p.title))
    .all();
}

/** Past sessions whose register has not been taken: the facilitator's to-do list. */
export function listSessionsAwaitingAttendance({ now = new Date(), facilitatorId }: { now?: Date; facilitatorId?: number } = {}) {
  const where: SQL[] = [eq(s.status, "scheduled"), lt(s.startsAt, now), isNull(s.attendanceTakenAt)];
  if (facilitatorId) where.push(eq(s.facilitatorId, facilitatorId));
  return db
    .select(listColumns)
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(...where))
    .orderBy(asc(s.startsAt))
    .all()
    .map(toListItem);
}
