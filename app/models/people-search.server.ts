/**
 * Finding a person's bookings across every session (issue 15): by name, email or organisation, as staff have
 * them on the phone, or by the booking reference they read out. Bookings whose details retention has removed have nothing left to find.
 */
import { sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { bookingReference, readBookingReference } from "~/utils/booking-reference";

import type { Attendance, BookingStatus } from "../../domain/vocabulary";

const b = schema.bookings;
const s = schema.sessions;
const p = schema.programmes;

/** Most recent sessions first; more than this and the person is asked to type more. */
export const SEARCH_LIMIT = 50;

export type FoundBooking = {
  id: number;
  reference: string;
  name: string;
  email: string;
  organisationName: string;
  status: BookingStatus;
  attendance: Attendance;
  sessionId: number;
  startsAt: Date;
  programmeTitle: string;
};

/** LIKE's own characters, taken literally. */
const literal = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every word typed must appear in the name, the email or the organisation, in any case (SQLite's LIKE folds
 * only ASCII letters' case, and no accents: "Zoë" is found by "zoë" or "Zo", not by "zoe").
 */
export function findBookings({ query, limit = SEARCH_LIMIT }: { query: string; limit?: number }): { found: FoundBooking[]; more: boolean } {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6);
  if (!words.length) return { found: [], more: false };
  // A booking reference read out on the phone finds that booking, as well as any whose details hold the digits.
  const reference = readBookingReference(query);
  const each = words.map((w) => {
    const like = `%${literal(w)}%`;
    return sql`(${b.name} like ${like} escape '\\' or ${b.email} like ${like} escape '\\' or ${b.organisationName} like ${like} escape '\\')`;
  });
  const rows = db.all<{
    id: number;
    name: string;
    email: string;
    organisation_name: string;
    status: BookingStatus;
    attendance: Attendance;
    session_id: number;
    starts_at: number;
    title: string;
  }>(sql`
    select ${b.id}, ${b.name}, ${b.email}, ${b.organisationName}, ${b.status}, ${b.attendance}, ${b.sessionId}, ${s.startsAt}, ${p.title}
    from ${b} join ${s} on ${s.id} = ${b.sessionId} join ${p} on ${p.id} = ${s.programmeId}
    where ${b.anonymisedAt} is null and (${reference ? sql`${b.id} = ${reference} or ` : sql``}(${sql.join(each, sql` and `)}))
    order by ${s.startsAt} desc, ${b.id} desc
    limit ${limit + 1}`);
  return {
    found: rows.slice(0, limit).map((r) => ({
      id: r.id,
      reference: bookingReference(r.id),
      name: r.name,
      email: r.email,
      organisationName: r.organisation_name,
      status: r.status,
      attendance: r.attendance,
      sessionId: r.session_id,
      startsAt: new Date(r.starts_at),
      programmeTitle: r.title,
    })),
    more: rows.length > limit,
  };
}
