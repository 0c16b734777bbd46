/**
 * Check-in in the room (issue 14, ADR 024). The facilitator's screen shows a QR code for the session whose code
 * changes every minute; attendees scan it, confirm with the email they booked with and are marked attended.
 * Someone not booked registers there as a walk-in. A code is an HMAC of the session and the minute it was shown,
 * so it cannot be made for another session or another minute, and one photographed and sent to someone
 * elsewhere stops working within minutes. Check-in is open from 30 minutes before the start to the end.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

import { and, eq, ne, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { CHECK_IN_OPENS_BEFORE_MS, insertBooking, type AttendeeDetails } from "~/models/booking.server";
import { programmeTitleIn } from "~/models/programme-translation.server";
import { getSessionRow } from "~/models/session.server";
import { resolveSessionSecret } from "~/models/staff-session.server";
import { countBookings } from "~/models/waiting-list.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import type { Locale, MessageKey } from "~/utils/i18n";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { crockfordCode, readCrockfordCode } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";

const b = schema.bookings;
const MINUTE = 60_000;

/** A scanned code opens the check-in form if it left the screen at most this long ago. */
export const SCAN_GRACE_MS = 2 * MINUTE;
/** The form, once open, may be sent this long after its code left the screen (typing takes time). */
export const SEND_GRACE_MS = 15 * MINUTE;

let key: Buffer | null = null;
/** Derived from the service's secret: a code means nothing to anyone who does not hold it. */
function codeKey(): Buffer {
  key ??= createHmac("sha256", resolveSessionSecret(getEnv())).update("check-in codes").digest();
  return key;
}

function codeFor(sessionId: number, minute: number): string {
  return createHmac("sha256", codeKey()).update(`${sessionId}:${minute}`).digest().subarray(0, 9).toString("base64url");
}

const TYPED_GROUPS = [3, 3];

/** The code the screen also shows as text, for attendees checking in from their manage page: 6 characters. */
function typedCodeFor(sessionId: number, minute: number): string {
  return crockfordCode(createHmac("sha256", codeKey()).update(`typed:${sessionId}:${minute}`).digest(), TYPED_GROUPS);
}

type SessionTimes = { id: number; startsAt: Date; endsAt: Date; status: string };

export function checkInOpensAt(session: { startsAt: Date }): Date {
  return new Date(session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS);
}

export function checkInIsOpen(session: SessionTimes, now: Date): boolean {
  return session.status === "scheduled" && now >= checkInOpensAt(session) && now < session.endsAt;
}

/** The address the screen shows at `now`, and when it changes. */
export function currentCheckIn({ session, now = clock() }: { session: SessionTimes; now?: Date }) {
  const minute = Math.floor(now.getTime() / MINUTE);
  const code = codeFor(session.id, minute);
  return {
    url: `${getEnv().PUBLIC_URL}/check-in/${session.id}?t=${minute}&c=${code}`,
    code,
    typedCode: typedCodeFor(session.id, minute),
    minute,
    changesAt: new Date((minute + 1) * MINUTE),
  };
}

export type CodeRefusal = "invalid" | "expired" | "not_yet" | "closed" | "cancelled";

/**
 * Whether a code (the `t` and `c` of the address) lets someone check in to this session at `now`, having left the
 * screen at most `grace` before. "invalid": not this session's code at all (made up, mistyped, another
 * session's); "expired": this session's, but too old (a photo sent on, yesterday's).
 */
export function checkCode({
  session,
  t,
  c,
  now,
  grace,
}: {
  session: SessionTimes;
  t: string | null | undefined;
  c: string | null | undefined;
  now: Date;
  grace: number;
}): { ok: true } | { ok: false; reason: CodeRefusal } {
  if (!t || !c || !/^\d{1,12}$/.test(t) || !/^[A-Za-z0-9_-]{12}$/.test(c)) return { ok: false, reason: "invalid" };
  const minute = Number(t);
  const expected = Buffer.from(codeFor(session.id, minute));
  const given = Buffer.from(c);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  if (session.status === "cancelled") return { ok: false, reason: "cancelled" };
  // On the screen for that minute; one from a later minute was made by no screen of this service's.
  const shownFrom = minute * MINUTE;
  if (shownFrom > now.getTime() + MINUTE || now.getTime() - (shownFrom + MINUTE) > grace) return { ok: false, reason: "expired" };
  if (now < checkInOpensAt(session)) return { ok: false, reason: "not_yet" };
  if (now >= session.endsAt || session.status !== "scheduled") return { ok: false, reason: "closed" };
  return { ok: true };
}

export type CheckInResult =
  | { outcome: "checked_in" | "already" }
  | { outcome: "waitlisted" }
  | { outcome: "not_booked" }
  | { outcome: "walked_in" }
  | { outcome: "full" };

/** Marks the confirmed booking for this email on this session as attended. Waiting-list places are not places. */
export function checkInByEmail({ sessionId, email, now = clock() }: { sessionId: number; email: string; now?: Date }): CheckInResult {
  return db.transaction((tx) => checkInWithin(tx, sessionId, email, now), { behavior: "immediate" });
}

function checkInWithin(tx: DbOrTx, sessionId: number, email: string, now: Date): CheckInResult {
  const booking = tx
    .select({ id: b.id, status: b.status, attendance: b.attendance })
    .from(b)
    .where(and(eq(b.sessionId, sessionId), eq(b.emailNormalised, email.trim().toLowerCase()), ne(b.status, sql`'cancelled'`)))
    .get();
  if (!booking) return { outcome: "not_booked" };
  if (booking.status === "waitlisted") return { outcome: "waitlisted" };
  if (booking.attendance === "attended") return { outcome: "already" };
  tx.update(b)
    .set({ attendance: "attended", attendanceMarkedAt: now, attendanceMarkedBy: null, updatedAt: now })
    .where(eq(b.id, booking.id))
    .run();
  registerTaken(tx, sessionId, now);
  audit({ userId: null, action: "booking.check_in", entityType: "booking", entityId: booking.id, details: { sessionId } }, tx);
  return { outcome: "checked_in" };
}

/**
 * Someone in the room who had not booked: a confirmed place, marked attended, as a walk-in, with their consent to
 * the privacy notice. Not past the number of places (only an organiser raises it, ADR 016); someone who has a
 * booking after all is checked in by it. Their certificate waits until staff confirm them on the register.
 */
export function selfWalkIn({
  sessionId,
  attendee,
  locale = "en",
  now = clock(),
}: {
  sessionId: number;
  attendee: AttendeeDetails;
  /** The language of the page they checked in on: their certificate's email is in it. */
  locale?: Locale;
  now?: Date;
}) {
  return db.transaction(
    (tx): CheckInResult => {
      const existing = checkInWithin(tx, sessionId, attendee.email, now);
      if (existing.outcome !== "not_booked") return existing;
      const session = getSessionRow({ sessionId, tx });
      if (countBookings({ tx, sessionId, status: "confirmed" }) >= session.capacity) return { outcome: "full" };
      const { id } = insertBooking({
        tx,
        sessionId,
        attendee,
        status: "confirmed",
        source: "walk_in",
        attended: true,
        userId: null,
        consented: true,
        locale,
        now,
      });
      registerTaken(tx, sessionId, now);
      audit({ userId: null, action: "booking.walk_in", entityType: "booking", entityId: id, details: { sessionId, self: true } }, tx);
      return { outcome: "walked_in" };
    },
    { behavior: "immediate" },
  );
}

/** As when staff mark the first person: from now on the register, not the bookings, says who came. */
function registerTaken(tx: DbOrTx, sessionId: number, now: Date) {
  tx.update(schema.sessions)
    .set({ attendanceTakenAt: now })
    .where(and(eq(schema.sessions.id, sessionId), sql`${schema.sessions.attendanceTakenAt} is null`))
    .run();
}

/** How many of the session's places have checked in (or been marked), for the screen. */
export function checkedInCount({ sessionId }: { sessionId: number }) {
  const row = db
    .select({
      attended: sql<number>`sum(case when ${b.attendance} = 'attended' then 1 else 0 end)`,
      confirmed: sql<number>`count(*)`,
    })
    .from(b)
    .where(and(eq(b.sessionId, sessionId), eq(b.status, "confirmed")))
    .get();
  return { attended: row?.attended ?? 0, confirmed: row?.confirmed ?? 0 };
}

/** What the check-in pages show of a session: the programme's public title and the times; null if there is none. */
export function checkInSession({ sessionId, locale = "en" }: { sessionId: number; locale?: Locale }) {
  const row = db
    .select({
      id: schema.sessions.id,
      programmeId: schema.programmes.id,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      status: schema.sessions.status,
      capacity: schema.sessions.capacity,
      title: schema.programmes.title,
      sensitive: schema.programmes.sensitive,
      publicTitle: schema.programmes.publicTitle,
    })
    .from(schema.sessions)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.sessions.id, sessionId))
    .get();
  if (!row) return null;
  const { sensitive, publicTitle, title, programmeId, ...session } = row;
  // Marked as English where no translation stands in for it (ADR 028).
  const shown = programmeTitleIn({ id: programmeId, title, sensitive, publicTitle }, locale, { neutral: true });
  return { ...session, title: shown.title, titleLang: shown.lang };
}

/**
 * Whether the code someone typed from the screen is this session's, shown at most SCAN_GRACE_MS ago (case,
 * spaces and dashes ignored; O, I and L read as 0 and 1). 30 bits, so the manage page allows a few tries only.
 */
export function typedCodeIsGood({ session, typed, now }: { session: SessionTimes; typed: string; now: Date }): boolean {
  const read = readCrockfordCode(typed, TYPED_GROUPS);
  if (!read) return false;
  const minute = Math.floor(now.getTime() / MINUTE);
  // The minute on the screen now and those that left it within the grace.
  for (let back = 0; back <= Math.ceil(SCAN_GRACE_MS / MINUTE); back++) {
    if (timingSafeEqual(Buffer.from(typedCodeFor(session.id, minute - back)), Buffer.from(read))) return true;
  }
  return false;
}

export type ManageCheckIn = { outcome: "checked_in" | "already" } | { error: MessageKey };

/**
 * Checks in the person behind a manage link, with the code typed from the screen instead of their email: their
 * link already says who they are. Only a confirmed place, while check-in is open; five tries a minute at most per
 * booking (the code is short enough to type, so not to guess).
 */
export function checkInWithManageLink({
  booking,
  session,
  typed,
  now = clock(),
}: {
  booking: { id: number; status: string; emailNormalised: string };
  session: SessionTimes;
  typed: string;
  now?: Date;
}): ManageCheckIn {
  if (booking.status !== "confirmed") return { error: "manage.checkIn.error.notConfirmed" };
  if (!checkInIsOpen(session, now)) return { error: "manage.checkIn.error.notOpen" };
  if (!tries.hit(String(booking.id), now.getTime()).allowed) return { error: "manage.checkIn.error.tooMany" };
  if (!typedCodeIsGood({ session, typed, now })) return { error: "manage.checkIn.error.code" };
  const result = checkInByEmail({ sessionId: session.id, email: booking.emailNormalised, now });
  return result.outcome === "already" ? { outcome: "already" } : { outcome: "checked_in" };
}

const tries = createRateLimiter({ limit: 5, windowMs: MINUTE });
