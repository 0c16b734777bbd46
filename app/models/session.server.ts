import { and, asc, desc, eq, gt, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { db, schema, sqlite } from "~/db.server";
import { audit } from "~/models/audit.server";
import { delivered } from "~/models/delivered.server";
import { queueBookingEmail } from "~/models/outbox.server";
import { countBookings, promoteFromWaitingList } from "~/models/waiting-list.server";
import { clock } from "~/utils/clock.server";
import {
  addUkCalendar,
  FIRST_YEAR,
  inServiceYears,
  isServiceDate,
  LAST_YEAR,
  parseDateKey,
  parseTimeKey,
  readTypedTime,
  ukDateKey,
  ukLocalToUtc,
  ukMonthKey,
  ukTimeKey,
} from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { outer } from "~/utils/sql.server";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import { preparedOn } from "../../db/prepared";
import { SERIES_PATTERNS, type SeriesPattern } from "../../domain/vocabulary";

const s = schema.sessions;
const p = schema.programmes;
const b = schema.bookings;

/** Counted with correlated sub-queries that the (session_id, status) index answers without a table scan. */
export const confirmedCount = sql<number>`(select count(*) from ${b} where ${b.sessionId} = ${outer(s.id)} and ${b.status} = 'confirmed')`;
export const waitlistedCount = sql<number>`(select count(*) from ${b} where ${b.sessionId} = ${outer(s.id)} and ${b.status} = 'waitlisted')`;

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

/** An upcoming session, with whether it can still be booked (or waited for) as of the list's `now`. */
export type UpcomingSession = SessionListItem & {
  bookingOpen: boolean;
  /** "en" where a page in another language shows the English title (ADR 028). */
  titleLang?: string | null;
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

function toListItem(
  row: { onlineUrl: string | null; capacity: number; confirmed: number; waitlisted: number } & Omit<
    SessionListItem,
    "online" | "placesLeft"
  >,
) {
  const { onlineUrl, ...rest } = row;
  return { ...rest, online: Boolean(onlineUrl) && !row.venue, placesLeft: Math.max(0, row.capacity - row.confirmed) };
}

/**
 * Sessions the public can see: scheduled, not yet started, of programmes that are not archived.
 * `month` is `YYYY-MM` in UK time.
 */
/**
 * The public lists' query, prepared once per shape of filter (which filters are given) and run with the values:
 * building it with drizzle and preparing it with SQLite on every request was a tenth of the time of a public
 * page (issue 13).
 */
// Per connection: a statement belongs to the connection it was prepared on, and tests open new ones.
const upcomingQueries = new WeakMap<object, Map<string, ReturnType<typeof prepareUpcoming>>>();
type UpcomingShape = { programme: boolean; month: boolean; limit: boolean; offset: boolean; includeArchived: boolean };
function prepareUpcoming(shape: UpcomingShape) {
  const at = (name: string) => sql`${sql.placeholder(name)}`;
  const where: SQL[] = [eq(s.status, "scheduled"), sql`${s.startsAt} > ${at("now")}`];
  if (!shape.includeArchived) where.push(isNull(p.archivedAt));
  if (shape.programme) where.push(sql`${p.id} = ${at("programmeId")}`);
  if (shape.month) where.push(sql`${s.startsAt} >= ${at("from")}`, sql`${s.startsAt} < ${at("to")}`);
  const query = db
    .select(listColumns)
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(...where))
    .orderBy(asc(s.startsAt), asc(s.id));
  const list = (
    shape.limit
      ? shape.offset
        ? query.limit(sql.placeholder("limit")).offset(sql.placeholder("offset"))
        : query.limit(sql.placeholder("limit"))
      : query
  ).prepare();
  const count = db
    .select({ n: sql<number>`count(*)` })
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(...where))
    .prepare();
  return { list, count };
}

/** The prepared queries for this shape of filter, and the values to run them with. */
function upcomingQuery({
  now,
  programmeId,
  month,
  limit,
  offset,
  includeArchived = false,
}: {
  now: Date;
  programmeId?: number;
  month?: string;
  limit?: number;
  offset?: number;
  includeArchived?: boolean;
}) {
  let range: { from: Date; to: Date } | null = null;
  if (month) {
    const [year, mon] = month.split("-").map(Number);
    const from = ukLocalToUtc({ year: year!, month: mon!, day: 1 }, { hour: 0, minute: 0 });
    const to = ukLocalToUtc({ year: mon === 12 ? year! + 1 : year!, month: mon === 12 ? 1 : mon! + 1, day: 1 }, { hour: 0, minute: 0 });
    if (from && to) range = { from, to };
  }
  const shape: UpcomingShape = {
    programme: Boolean(programmeId),
    month: Boolean(range),
    limit: Boolean(limit),
    offset: Boolean(limit && offset),
    includeArchived,
  };
  const key = JSON.stringify(shape);
  const connection = sqlite();
  let prepared = upcomingQueries.get(connection);
  if (!prepared) upcomingQueries.set(connection, (prepared = new Map()));
  let queries = prepared.get(key);
  if (!queries) prepared.set(key, (queries = prepareUpcoming(shape)));
  const values = {
    now: now.getTime(),
    ...(programmeId ? { programmeId } : {}),
    ...(range ? { from: range.from.getTime(), to: range.to.getTime() } : {}),
  };
  return { queries, values, shape };
}

export function listUpcomingSessions({
  now = clock(),
  programmeId,
  month,
  limit,
  offset,
  includeArchived = false,
}: {
  now?: Date;
  programmeId?: number;
  month?: string;
  limit?: number;
  offset?: number;
  includeArchived?: boolean;
} = {}): UpcomingSession[] {
  const { queries, values, shape } = upcomingQuery({ now, programmeId, month, limit, offset, includeArchived });
  const rows = queries.list.all({ ...values, ...(shape.limit ? { limit } : {}), ...(shape.offset ? { offset } : {}) });
  // Scheduled and not started: open while booking has not closed, places or not (the waiting list is booking too).
  return rows.map((row) => ({ ...toListItem(row), bookingOpen: row.bookingClosesAt > now }));
}

/** How many sessions `listUpcomingSessions` would give with these filters. */
export function countUpcomingSessions({
  now = clock(),
  programmeId,
  month,
}: { now?: Date; programmeId?: number; month?: string } = {}): number {
  const { queries, values } = upcomingQuery({ now, programmeId, month });
  return queries.count.get(values)?.n ?? 0;
}

/**
 * One page of the public list: `page` from 1, moved to the last page if past it. The list is paged so that a
 * partnership with years of sessions planned still sends a short page (issue 13).
 */
export function pageOfUpcomingSessions({
  now = clock(),
  programmeId,
  month,
  page,
  perPage,
}: {
  now?: Date;
  programmeId?: number;
  month?: string;
  page: number;
  perPage: number;
}) {
  const total = countUpcomingSessions({ now, programmeId, month });
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const sessions = listUpcomingSessions({ now, programmeId, month, limit: perPage, offset: (current - 1) * perPage });
  return { sessions, total, page: current, pages, perPage };
}

const upcomingStarts = new WeakMap<object, ReturnType<typeof prepareUpcomingStarts>>();
function prepareUpcomingStarts() {
  return db
    .selectDistinct({ startsAt: s.startsAt })
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(eq(s.status, "scheduled"), sql`${s.startsAt} > ${sql.placeholder("now")}`, isNull(p.archivedAt)))
    .orderBy(asc(s.startsAt))
    .prepare();
}

/** The UK months (`YYYY-MM`) with an upcoming public session, in order: the events page's month filter. */
export function upcomingMonths({ now = clock() }: { now?: Date } = {}): string[] {
  const connection = sqlite();
  let query = upcomingStarts.get(connection);
  if (!query) upcomingStarts.set(connection, (query = prepareUpcomingStarts()));
  return [...new Set(query.all({ now: now.getTime() }).map((r) => ukMonthKey(r.startsAt)))];
}

export function listProgrammesWithUpcomingSessions({ now = clock() }: { now?: Date } = {}) {
  return db
    .selectDistinct({ id: p.id, title: p.title, slug: p.slug })
    .from(p)
    .innerJoin(s, eq(s.programmeId, p.id))
    .where(and(eq(s.status, "scheduled"), gt(s.startsAt, now), isNull(p.archivedAt)))
    .orderBy(asc(p.title))
    .all();
}

/** Past sessions whose register has not been taken: the facilitator's to-do list. */
export function listSessionsAwaitingAttendance({ now = clock(), facilitatorId }: { now?: Date; facilitatorId?: number } = {}) {
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

// ---------------------------------------------------------------------------------------------------------
// Organisers: creating, changing and cancelling sessions
// ---------------------------------------------------------------------------------------------------------

export const DELIVERY_MODES = ["in_person", "online", "hybrid"] as const;

const hoursField = z
  .string()
  .trim()
  .min(1, "Enter how many hours before the start booking closes")
  .regex(/^\d+$/, "Hours before the start must be a whole number, like 24")
  .transform(Number)
  .pipe(z.number().max(720, "Booking must close no more than 720 hours (30 days) before the start"));

/** A time as staff type it ("2pm", "14:00", "2:30pm"), kept as `HH:MM`. */
const typedTime = (which: "start" | "end") =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${which} time`)
    .transform((v, ctx) => {
      const time = readTypedTime(v);
      if (time) return time;
      ctx.addIssue({ code: "custom", message: `Enter the ${which} time like ${which === "start" ? "10am or 14:00" : "12:30pm or 15:30"}` });
      return z.NEVER;
    });

/** The fields an organiser types for a session, in UK time. Checked again against the calendar below. */
export const sessionFieldsSchema = z
  .object({
    date: z
      .string()
      .trim()
      .min(1, "Enter the date of the session")
      .refine((v) => parseDateKey(v) !== null, "Enter a real date, like 14 3 2027")
      .refine((v) => parseDateKey(v) === null || isServiceDate(v), `Enter a date between ${FIRST_YEAR} and ${LAST_YEAR}`),
    startTime: typedTime("start"),
    endTime: typedTime("end"),
    deliveryMode: z.enum(DELIVERY_MODES, { error: "Select where the session takes place" }),
    venue: z.string().trim().max(300, "Venue must be 300 characters or fewer").default(""),
    onlineUrl: z.string().trim().max(500, "Joining link must be 500 characters or fewer").default(""),
    capacity: z
      .string()
      .trim()
      .min(1, "Enter the number of places")
      .regex(/^\d+$/, "Number of places must be a whole number")
      .transform(Number)
      .pipe(z.number().min(1, "Number of places must be 1 or more").max(1000, "Number of places must be 1,000 or fewer")),
    bookingClosesHours: hoursField,
    facilitatorId: z
      .string()
      .trim()
      .default("")
      .transform((v) => (v ? Number(v) : null))
      .pipe(z.number().int().positive().nullable()),
    notesForAttendees: z.string().trim().max(2000, "Notes must be 2,000 characters or fewer").default(""),
  })
  .superRefine((v, ctx) => {
    if ((v.deliveryMode === "in_person" || v.deliveryMode === "hybrid") && !v.venue) {
      ctx.addIssue({ code: "custom", path: ["venue"], message: "Enter the venue and its address" });
    }
    if (v.deliveryMode === "online" || v.deliveryMode === "hybrid") {
      if (!v.onlineUrl) ctx.addIssue({ code: "custom", path: ["onlineUrl"], message: "Enter the joining link" });
      else if (!/^https:\/\/[^\s]+$/i.test(v.onlineUrl) || !URL.canParse(v.onlineUrl)) {
        ctx.addIssue({ code: "custom", path: ["onlineUrl"], message: "Enter the joining link as a web address starting with https://" });
      }
    }
    const start = parseTimeKey(v.startTime);
    const end = parseTimeKey(v.endTime);
    if (start && end && end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "End time must be after the start time" });
    }
  });

export type SessionFields = z.output<typeof sessionFieldsSchema>;

export const seriesSchema = z.object({
  pattern: z.enum(SERIES_PATTERNS, { error: "Select how often the session repeats" }),
  occurrences: z
    .string()
    .trim()
    .min(1, "Enter how many sessions to create")
    .regex(/^\d+$/, "Number of sessions must be a whole number")
    .transform(Number)
    .pipe(z.number().min(2, "A series needs at least 2 sessions").max(52, "Create 52 sessions or fewer at once")),
});

export type SessionTimes = { startsAt: Date; endsAt: Date };

/** UK wall-clock date and times to instants; a time that does not exist (clocks going forward) is an error. */
export function sessionTimes(
  fields: Pick<SessionFields, "date" | "startTime" | "endTime">,
): SessionTimes | { field: "startTime" | "endTime"; message: string } {
  const date = parseDateKey(fields.date)!;
  const startsAt = ukLocalToUtc(date, parseTimeKey(fields.startTime)!);
  if (!startsAt)
    return {
      field: "startTime",
      message: "That start time does not exist in the UK on that date because the clocks go forward. Choose another time",
    };
  const endsAt = ukLocalToUtc(date, parseTimeKey(fields.endTime)!);
  if (!endsAt)
    return {
      field: "endTime",
      message: "That end time does not exist in the UK on that date because the clocks go forward. Choose another time",
    };
  return { startsAt, endsAt };
}

export class SessionRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function checkFacilitator(tx: DbOrTx, facilitatorId: number | null) {
  if (facilitatorId === null) return;
  const u = tx
    .select({ role: schema.users.role, disabledAt: schema.users.disabledAt })
    .from(schema.users)
    .where(eq(schema.users.id, facilitatorId))
    .get();
  if (!u || u.disabledAt || u.role === "reporter") throw new SessionRuleError("facilitatorId", "Select a facilitator from the list");
}

function placeValues(fields: SessionFields) {
  return {
    venue: fields.deliveryMode === "online" ? null : fields.venue,
    onlineUrl: fields.deliveryMode === "in_person" ? null : fields.onlineUrl,
  };
}

/** Creates one session, or each session of a series, in one transaction: all or none. */
export function createSessions({
  programmeId,
  fields,
  series,
  userId,
  ipAddress,
  now = clock(),
}: {
  programmeId: number;
  fields: SessionFields;
  series?: { pattern: SeriesPattern; occurrences: number };
  userId: number;
  ipAddress?: string;
  now?: Date;
}): number[] {
  const first = sessionTimes(fields);
  if ("field" in first) throw new SessionRuleError(first.field, first.message);
  if (first.startsAt <= now) throw new SessionRuleError("date", "The session must start in the future");
  const durationMs = first.endsAt.getTime() - first.startsAt.getTime();

  const occurrences: SessionTimes[] = [first];
  for (let i = 1; i < (series?.occurrences ?? 1); i++) {
    // Each date is counted from the first session (not the previous one), so "monthly from the 31st" does
    // not drift to the 28th for ever after February; the wall-clock time is kept across clock changes.
    const step = series!.pattern === "monthly" ? { months: i } : { days: i * (series!.pattern === "weekly" ? 7 : 14) };
    const startsAt = addUkCalendar(first.startsAt, step);
    if (!startsAt)
      throw new SessionRuleError("startTime", `Session ${i + 1} would fall in the hour the clocks go forward. Choose another start time`);
    if (!inServiceYears(startsAt))
      throw new SessionRuleError("occurrences", `Session ${i + 1} would fall after ${LAST_YEAR}. Create fewer sessions`);
    occurrences.push({ startsAt, endsAt: new Date(startsAt.getTime() + durationMs) });
  }

  return db.transaction(
    (tx) => {
      const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
      if (!programme) throw notFound("Programme not found");
      if (programme.archivedAt) throw new SessionRuleError("form", "This programme is archived. Restore it before adding sessions");
      checkFacilitator(tx, fields.facilitatorId);
      const seriesId = series
        ? tx
            .insert(schema.sessionSeries)
            .values({ programmeId, pattern: series.pattern, occurrences: series.occurrences, createdBy: userId })
            .returning()
            .get().id
        : null;
      const ids = occurrences.map(
        ({ startsAt, endsAt }) =>
          tx
            .insert(s)
            .values({
              programmeId,
              seriesId,
              startsAt,
              endsAt,
              ...placeValues(fields),
              capacity: fields.capacity,
              bookingClosesAt: new Date(startsAt.getTime() - fields.bookingClosesHours * 3600_000),
              facilitatorId: fields.facilitatorId,
              notesForAttendees: fields.notesForAttendees,
              feedbackToken: newSecretToken(),
              createdBy: userId,
            })
            .returning({ id: s.id })
            .get().id,
      );
      for (const id of ids) {
        audit({ userId, action: "session.create", entityType: "session", entityId: id, details: { programmeId, seriesId }, ipAddress }, tx);
      }
      return ids;
    },
    { behavior: "immediate" },
  );
}

export type SessionChange = (typeof schema.sessionChanges.$inferSelect)["changes"][number];

/**
 * Changes a session. A change of date, time or place is recorded (with before and after) and bumps the
 * calendar sequence, so everyone booked can be sent an updated invite that replaces the old one. Raising
 * the capacity promotes people from the waiting list, first come first served.
 */
export function updateSession({
  sessionId,
  fields,
  userId,
  ipAddress,
  now = clock(),
}: {
  sessionId: number;
  fields: SessionFields;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  const times = sessionTimes(fields);
  if ("field" in times) throw new SessionRuleError(times.field, times.message);
  return db.transaction(
    (tx) => {
      const before = getSessionRow({ sessionId, tx });
      if (before.status === "cancelled") throw new SessionRuleError("form", "This session has been cancelled and cannot be changed");
      if (before.endsAt <= now) throw new SessionRuleError("form", "This session has finished and cannot be changed");
      if (times.startsAt.getTime() !== before.startsAt.getTime() && times.startsAt <= now) {
        throw new SessionRuleError("date", "The new start must be in the future");
      }
      checkFacilitator(tx, fields.facilitatorId);
      const confirmed = countBookings({ tx, sessionId, status: "confirmed" });
      if (fields.capacity < confirmed) {
        throw new SessionRuleError(
          "capacity",
          `${confirmed} places are already booked. Number of places must be at least ${confirmed}, or cancel bookings first`,
        );
      }
      const place = placeValues(fields);
      const changes: SessionChange[] = [];
      const iso = (d: Date) => d.toISOString();
      if (iso(before.startsAt) !== iso(times.startsAt))
        changes.push({ field: "startsAt", before: iso(before.startsAt), after: iso(times.startsAt) });
      if (iso(before.endsAt) !== iso(times.endsAt)) changes.push({ field: "endsAt", before: iso(before.endsAt), after: iso(times.endsAt) });
      if ((before.venue ?? null) !== place.venue) changes.push({ field: "venue", before: before.venue, after: place.venue });
      if ((before.onlineUrl ?? null) !== place.onlineUrl)
        changes.push({ field: "onlineUrl", before: before.onlineUrl, after: place.onlineUrl });
      const sequence = changes.length ? before.sequence + 1 : before.sequence;

      tx.update(s)
        .set({
          startsAt: times.startsAt,
          endsAt: times.endsAt,
          ...place,
          capacity: fields.capacity,
          bookingClosesAt: new Date(times.startsAt.getTime() - fields.bookingClosesHours * 3600_000),
          facilitatorId: fields.facilitatorId,
          notesForAttendees: fields.notesForAttendees,
          sequence,
          updatedAt: now,
        })
        .where(eq(s.id, sessionId))
        .run();
      if (changes.length) {
        tx.insert(schema.sessionChanges).values({ sessionId, sequence, changes, changedBy: userId }).run();
      }
      if (changes.length) {
        // Everyone booked hears what changed; those with a place get an updated invite (same UID, higher SEQUENCE).
        const active = tx
          .select({ id: schema.bookings.id })
          .from(schema.bookings)
          .where(and(eq(schema.bookings.sessionId, sessionId), ne(schema.bookings.status, "cancelled")))
          .all();
        for (const { id } of active) queueBookingEmail(tx, id, { kind: "session_changed", changes }, now);
      }
      const promoted = fields.capacity > before.capacity ? promoteFromWaitingList({ tx, sessionId, now }) : [];
      audit(
        {
          userId,
          action: "session.update",
          entityType: "session",
          entityId: sessionId,
          details: {
            changes,
            capacity: before.capacity !== fields.capacity ? { before: before.capacity, after: fields.capacity } : undefined,
            promoted,
          },
          ipAddress,
        },
        tx,
      );
      return { changes, promoted, sequence };
    },
    { behavior: "immediate" },
  );
}

/** Cancels a session and every booking on it, with the organiser's reason. */
export function cancelSession({
  sessionId,
  reason,
  userId,
  ipAddress,
  now = clock(),
}: {
  sessionId: number;
  reason: string;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const session = getSessionRow({ sessionId, tx });
      if (session.status === "cancelled") throw new SessionRuleError("form", "This session has already been cancelled");
      if (session.endsAt <= now) throw new SessionRuleError("form", "This session has finished, so it cannot be cancelled");
      const affected = tx
        .select({ id: schema.bookings.id, status: schema.bookings.status })
        .from(schema.bookings)
        .where(and(eq(schema.bookings.sessionId, sessionId), ne(schema.bookings.status, "cancelled")))
        .all() as Array<{ id: number; status: "confirmed" | "waitlisted" }>;
      const sequence = session.sequence + 1;
      tx.update(s)
        .set({ status: "cancelled", cancelledAt: now, cancelledReason: reason, sequence, updatedAt: now })
        .where(eq(s.id, sessionId))
        .run();
      // Bookings keep their last status in the audit log; they become cancelled so the attendee's page says so.
      tx.update(schema.bookings)
        .set({
          status: "cancelled",
          cancelledAt: now,
          cancelledBy: "organiser",
          cancellationReason: `Session cancelled: ${reason}`,
          updatedAt: now,
        })
        .where(and(eq(schema.bookings.sessionId, sessionId), ne(schema.bookings.status, "cancelled")))
        .run();
      for (const booking of affected)
        queueBookingEmail(tx, booking.id, { kind: "session_cancelled", reason, hadPlace: booking.status === "confirmed" }, now);
      audit(
        {
          userId,
          action: "session.cancel",
          entityType: "session",
          entityId: sessionId,
          details: { reason, bookingsCancelled: affected.length },
          ipAddress,
        },
        tx,
      );
      return { bookingsCancelled: affected.length };
    },
    { behavior: "immediate" },
  );
}

export function getSessionRow({ sessionId, tx = db }: { sessionId: number; tx?: DbOrTx }) {
  const row = preparedOn(tx, "session.row", (d) =>
    d
      .select()
      .from(s)
      .where(eq(s.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id: sessionId });
  if (!row) throw notFound("Session not found");
  return row;
}

/** Everything an organiser's session page needs about the session itself. */
export function getSessionForAdmin({ sessionId, now = clock() }: { sessionId: number; now?: Date }) {
  const row = db
    .select({
      session: s,
      programme: { id: p.id, title: p.title, slug: p.slug, sensitive: p.sensitive, publicTitle: p.publicTitle, archivedAt: p.archivedAt },
      confirmed: confirmedCount,
      waitlisted: waitlistedCount,
      facilitatorName: schema.users.name,
    })
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .leftJoin(schema.users, eq(schema.users.id, s.facilitatorId))
    .where(eq(s.id, sessionId))
    .get();
  if (!row) throw notFound("Session not found");
  return { ...row, seriesLabel: seriesLabel({ sessionId }), past: row.session.endsAt <= now, started: row.session.startsAt <= now };
}

/** "Session 4 of 10" for sessions of a series; null otherwise. */
export function seriesLabel({ sessionId }: { sessionId: number }): string | null {
  return seriesLabels({ sessionIds: [sessionId] }).get(sessionId) ?? null;
}

/**
 * `seriesLabel` for many sessions in one query ("Session 2 of 4"), for lists and feeds: one query whatever the
 * number of sessions, each series read once through its index.
 */
export function seriesLabels({ sessionIds }: { sessionIds: number[] }): Map<number, string> {
  return new Map([...seriesPositions({ sessionIds })].map(([id, { position, total }]) => [id, `Session ${position} of ${total}`]));
}

/** Where each session falls in its series, for pages that say it in their own language. */
export function seriesPositions({ sessionIds }: { sessionIds: number[] }): Map<number, { position: number; total: number }> {
  const labels = new Map<number, { position: number; total: number }>();
  if (!sessionIds.length) return labels;
  const rows = db.all<{ id: number; position: number; total: number }>(sql`
    select ${s.id}, row_number() over (partition by ${s.seriesId} order by ${s.startsAt}, ${s.id}) as position,
      count(*) over (partition by ${s.seriesId}) as total
    from ${s}
    where ${s.seriesId} in (select ${s.seriesId} from ${s} where ${s.id} in (select value from json_each(${JSON.stringify(sessionIds)})) and ${s.seriesId} is not null)`);
  const wanted = new Set(sessionIds);
  for (const row of rows) if (wanted.has(row.id)) labels.set(row.id, { position: row.position, total: row.total });
  return labels;
}

/** Turns a stored session back into the fields of the edit form, in UK time. */
export function sessionToFields(session: typeof schema.sessions.$inferSelect): Record<string, string> {
  return {
    date: ukDateKey(session.startsAt),
    startTime: ukTimeKey(session.startsAt),
    endTime: ukTimeKey(session.endsAt),
    deliveryMode: session.venue && session.onlineUrl ? "hybrid" : session.onlineUrl ? "online" : "in_person",
    venue: session.venue ?? "",
    onlineUrl: session.onlineUrl ?? "",
    capacity: String(session.capacity),
    bookingClosesHours: String(Math.max(0, Math.round((session.startsAt.getTime() - session.bookingClosesAt.getTime()) / 3600_000))),
    facilitatorId: session.facilitatorId ? String(session.facilitatorId) : "",
    notesForAttendees: session.notesForAttendees,
  };
}

export type AdminSessionFilter = "upcoming" | "past" | "cancelled";

export function listSessionsForAdmin({
  filter = "upcoming",
  programmeId,
  facilitatorId,
  now = clock(),
}: { filter?: AdminSessionFilter; programmeId?: number; facilitatorId?: number; now?: Date } = {}) {
  const where: SQL[] = [];
  if (filter === "upcoming") where.push(eq(s.status, "scheduled"), gt(s.endsAt, now));
  if (filter === "past") where.push(delivered(now));
  if (filter === "cancelled") where.push(eq(s.status, "cancelled"));
  if (programmeId) where.push(eq(s.programmeId, programmeId));
  if (facilitatorId) where.push(eq(s.facilitatorId, facilitatorId));
  return db
    .select({
      ...listColumns,
      attendanceTakenAt: s.attendanceTakenAt,
      attended: sql<number>`(select count(*) from ${b} where ${b.sessionId} = ${outer(s.id)} and ${b.status} = 'confirmed' and ${b.attendance} = 'attended')`,
    })
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(and(...where))
    .orderBy(filter === "upcoming" ? asc(s.startsAt) : desc(s.startsAt), asc(s.id))
    .all()
    .map((row) => ({
      ...toListItem(row),
      attendanceTakenAt: row.attendanceTakenAt,
      attended: row.attended,
      /** Ended, went ahead, and nobody has taken the register yet. */
      registerMissing: row.status === "scheduled" && !row.attendanceTakenAt && row.endsAt <= now,
    }));
}

export type AdminSessionRow = ReturnType<typeof listSessionsForAdmin>[number];

/** Other sessions of the same programme a booking could move to: scheduled and not started. */
export function listMoveTargets({ sessionId, now = clock() }: { sessionId: number; now?: Date }) {
  const current = getSessionRow({ sessionId });
  return listUpcomingSessions({ now, programmeId: current.programmeId, includeArchived: true }).filter((x) => x.id !== sessionId);
}

export type BookingState = "open" | "waiting_list" | "closed" | "started" | "cancelled";

/** A session as the public sees it, with whether (and how) it can be booked right now. */
export function getPublicSession({ sessionId, now = clock() }: { sessionId: number; now?: Date }) {
  const row = db
    .select({
      ...listColumns,
      cancelledReason: s.cancelledReason,
      summary: p.summary,
      description: p.description,
      aims: p.aims,
      audience: p.audience,
      askLineManager: p.askLineManager,
      followUpWeeks: p.followUpWeeks,
      archivedAt: p.archivedAt,
    })
    .from(s)
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(eq(s.id, sessionId))
    .get();
  if (!row || row.archivedAt) throw notFound("Session not found");
  const item = toListItem(row);
  const state: BookingState =
    item.status === "cancelled"
      ? "cancelled"
      : item.startsAt <= now
        ? "started"
        : item.bookingClosesAt <= now
          ? "closed"
          : item.placesLeft > 0
            ? "open"
            : "waiting_list";
  return {
    ...item,
    cancelledReason: row.cancelledReason,
    summary: row.summary,
    description: row.description,
    aims: row.aims,
    audience: row.audience,
    /** Weeks after the session that the line manager is asked, where the booking form asks for one; else null. */
    lineManagerWeeks: row.askLineManager ? row.followUpWeeks : null,
    series: seriesPositions({ sessionIds: [sessionId] }).get(sessionId) ?? null,
    state,
  };
}
