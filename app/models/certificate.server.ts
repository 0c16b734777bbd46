/**
 * Certificates of attendance (issue 14, ADR 023). Someone marked as having attended a session that has ended
 * can download a certificate from their manage page; it carries a code by which anyone they show it to can
 * check it on the public verification page, which confirms the name, the training and the date and nothing
 * else. No certificate for anyone who did not come, a place that was cancelled or a session that was, or a
 * walk-in who added themselves at check-in until staff confirm they came; once the
 * retention period removes the person's details, the code no longer checks out.
 */
import { and, eq, isNull, ne, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { getBookingByManageToken } from "~/models/booking.server";
import { publicProgrammeTitle } from "~/models/programme.server";
import { clock } from "~/utils/clock.server";
import { formatDate } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { newCertificateCode, normaliseCertificateCode } from "~/utils/tokens.server";

const b = schema.bookings;
const s = schema.sessions;
const p = schema.programmes;

type Eligible = {
  booking: { status: string; attendance: string; anonymisedAt: Date | null; source: string; attendanceMarkedBy: number | null };
  session: { status: string; endsAt: Date };
};

/**
 * A walk-in who added themselves at check-in (ADR 024) and whom no member of staff has yet marked attended on
 * the register: anyone holding a fresh code could have typed any name, so no certificate until someone who was
 * in the room says so.
 */
export function awaitsConfirmation(booking: { source: string; attendance: string; attendanceMarkedBy: number | null }): boolean {
  return booking.source === "walk_in" && booking.attendance === "attended" && booking.attendanceMarkedBy === null;
}

/** The same, in SQL, for the queries that find certificates. */
export const confirmedAttendance = sql`not (${b.source} = 'walk_in' and ${b.attendanceMarkedBy} is null)`;

/** Whether this booking earns a certificate at `now`: came, to a session that took place and has ended. */
export function earnsCertificate({ booking, session }: Eligible, now: Date): boolean {
  return (
    booking.status === "confirmed" &&
    booking.attendance === "attended" &&
    !awaitsConfirmation(booking) &&
    !booking.anonymisedAt &&
    session.status !== "cancelled" &&
    session.endsAt <= now
  );
}

/** "3 hours", "2.5 hours", "1 hour", "1.75 hours": the session's length, as CPD records count it. */
export function cpdHours(startsAt: Date, endsAt: Date): string {
  const hours = Math.round((endsAt.getTime() - startsAt.getTime()) / 36_000) / 100;
  return `${hours} ${hours === 1 ? "hour" : "hours"}`;
}

/** The booking's code, given now if it has none (once: a second caller finds the first one's). */
export function certificateCodeFor({ bookingId }: { bookingId: number }): string {
  return db.transaction(
    (tx) => {
      const row = tx.select({ code: b.certificateCode }).from(b).where(eq(b.id, bookingId)).get();
      if (!row) throw new Error(`Booking ${bookingId} not found`);
      if (row.code) return row.code;
      const code = newCertificateCode();
      tx.update(b).set({ certificateCode: code }).where(eq(b.id, bookingId)).run();
      return code;
    },
    { behavior: "immediate" },
  );
}

/** The verification page's address for a code. */
export function certificateCheckUrl(code: string): string {
  return `${getEnv().PUBLIC_URL}/certificates?code=${encodeURIComponent(code)}`;
}

/**
 * What the certificate for the booking behind a manage link says, or null if it earns none (yet). Throws the
 * booking page's 404 for a link that is not one.
 */
export function certificateForManageToken({ token, now = clock() }: { token: string; now?: Date }) {
  const row = getBookingByManageToken({ token });
  if (!earnsCertificate(row, now)) return null;
  const code = certificateCodeFor({ bookingId: row.booking.id });
  return {
    name: row.booking.name,
    programmeTitle: publicProgrammeTitle(row.programme),
    date: formatDate(row.session.startsAt),
    duration: cpdHours(row.session.startsAt, row.session.endsAt),
    organisationName: getEnv().ORGANISATION_NAME,
    code,
    checkUrl: certificateCheckUrl(code),
  };
}

export type CertificateCheck =
  | { outcome: "genuine"; code: string; name: string; programmeTitle: string; date: string }
  | { outcome: "malformed" }
  | { outcome: "unknown"; code: string };

/**
 * Checks a code as someone typed it. "genuine" only for a booking that earns its certificate today: a record
 * later corrected to "did not attend", a session cancelled afterwards, or details removed after the retention
 * period, all answer "unknown", as a code never given does.
 */
export function checkCertificate({ typed, now = clock() }: { typed: string; now?: Date }): CertificateCheck {
  const code = normaliseCertificateCode(typed);
  if (!code) return { outcome: "malformed" };
  const row = db
    .select({
      name: b.name,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      title: p.title,
      sensitive: p.sensitive,
      publicTitle: p.publicTitle,
    })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(
      and(
        eq(b.certificateCode, code),
        eq(b.status, "confirmed"),
        eq(b.attendance, "attended"),
        confirmedAttendance,
        isNull(b.anonymisedAt),
        ne(s.status, "cancelled"),
        sql`${s.endsAt} <= ${now.getTime()}`,
      ),
    )
    .get();
  if (!row) return { outcome: "unknown", code };
  return { outcome: "genuine", code, name: row.name, programmeTitle: publicProgrammeTitle(row), date: formatDate(row.startsAt) };
}
