/**
 * Messages the clock makes due: reminders before a session, feedback requests after it, and one chaser;
 * certificates of attendance once the session has ended.
 */
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

import { db, schema } from "~/db.server";
import { certificateCodeFor, confirmedAttendance } from "~/models/certificate.server";
import { queueBookingEmail } from "~/models/outbox.server";
import { clock } from "~/utils/clock.server";
import { tableAs } from "~/utils/sql.server";

import { type EmailKind } from "../../domain/vocabulary";

const b = schema.bookings;
const s = schema.sessions;
const p = schema.programmes;
const o = schema.emailOutbox;
const f = schema.forms;
/** The outbox again, for "already queued?": the chaser query has the outbox (`o`) in its own from clause. */
const x = alias(o, "x");

/** Feedback requests wait this long after a session ends, so the register can be taken first. */
export const FEEDBACK_REQUEST_DELAY_MS = 60 * 60_000;

function notAlreadyQueued(kind: EmailKind, extra: SQL = sql`1`) {
  return sql`not exists (select 1 from ${tableAs(o, x)} where ${x.bookingId} = ${b.id} and ${x.kind} = ${kind} and ${extra})`;
}

/** Reminders for confirmed places on scheduled sessions that start within their programme's reminder window. */
export function queueDueReminders({ now = clock() }: { now?: Date } = {}) {
  const due = db
    .select({ id: b.id })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(
      and(
        eq(b.status, "confirmed"),
        isNull(b.anonymisedAt),
        eq(s.status, "scheduled"),
        sql`${p.reminderDaysBefore} > 0`,
        sql`${s.startsAt} > ${now.getTime()}`,
        sql`${s.startsAt} - ${p.reminderDaysBefore} * 86400000 <= ${now.getTime()}`,
        // A place booked inside the window already had its confirmation: no reminder hard on its heels.
        sql`coalesce(${b.confirmedAt}, ${b.createdAt}) < ${s.startsAt} - ${p.reminderDaysBefore} * 86400000`,
        notAlreadyQueued("reminder", sql`${x.dedupeKey} = 'reminder:' || ${b.id} || ':' || ${s.startsAt}`),
      ),
    )
    .all();
  for (const { id } of due) db.transaction((tx) => queueBookingEmail(tx, id, { kind: "reminder" }, now), { behavior: "immediate" });
  return due.length;
}

/**
 * Feedback requests after a session ends: to those marked attended where a register was taken, otherwise
 * to everyone confirmed; never to anyone who has given feedback, nor once feedback has closed.
 */
export function queueFeedbackRequests({ now = clock() }: { now?: Date } = {}) {
  const due = db
    .select({ id: b.id })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(p, eq(p.id, s.programmeId))
    .where(
      and(
        eq(b.status, "confirmed"),
        isNull(b.anonymisedAt),
        isNull(b.feedbackGivenAt),
        eq(s.status, "scheduled"),
        sql`${s.endsAt} <= ${now.getTime() - FEEDBACK_REQUEST_DELAY_MS}`,
        sql`coalesce(${s.feedbackClosesAt}, ${s.endsAt} + ${p.feedbackOpenDays} * 86400000) > ${now.getTime()}`,
        sql`(${s.attendanceTakenAt} is null or ${b.attendance} = 'attended')`,
        sql`exists (select 1 from ${f} where ${f.programmeId} = ${p.id} and ${f.kind} = 'evaluation' and ${f.status} = 'open')`,
        notAlreadyQueued("feedback_request"),
      ),
    )
    .all();
  for (const { id } of due) db.transaction((tx) => queueBookingEmail(tx, id, { kind: "feedback_request" }, now), { behavior: "immediate" });
  return due.length;
}

/** One chaser, the programme's number of days after the request, to people who have still not answered. */
export function queueFeedbackChasers({ now = clock() }: { now?: Date } = {}) {
  const due = db
    .select({ id: b.id })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(p, eq(p.id, s.programmeId))
    .innerJoin(o, and(eq(o.bookingId, b.id), eq(o.kind, "feedback_request")))
    .where(
      and(
        eq(b.status, "confirmed"),
        isNull(b.anonymisedAt),
        isNull(b.feedbackGivenAt),
        eq(s.status, "scheduled"),
        sql`${p.feedbackChaserDays} > 0`,
        sql`${o.createdAt} + ${p.feedbackChaserDays} * 86400000 <= ${now.getTime()}`,
        sql`coalesce(${s.feedbackClosesAt}, ${s.endsAt} + ${p.feedbackOpenDays} * 86400000) > ${now.getTime()}`,
        sql`(${s.attendanceTakenAt} is null or ${b.attendance} = 'attended')`,
        sql`exists (select 1 from ${f} where ${f.programmeId} = ${p.id} and ${f.kind} = 'evaluation' and ${f.status} = 'open')`,
        notAlreadyQueued("feedback_chaser"),
      ),
    )
    .all();
  for (const { id } of due) db.transaction((tx) => queueBookingEmail(tx, id, { kind: "feedback_chaser" }, now), { behavior: "immediate" });
  return due.length;
}

/** Certificates are emailed for sessions that ended at most this long ago: turning them on emails no old history. */
export const CERTIFICATE_EMAIL_WINDOW_MS = 30 * 86_400_000;

/**
 * The link to their certificate of attendance (ADR 023), once, to everyone marked attended once the session
 * has ended: the sweep after the register is taken. Its verification code is given as it is queued.
 */
export function queueCertificateEmails({ now = clock() }: { now?: Date } = {}) {
  const due = db
    .select({ id: b.id })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .where(
      and(
        eq(b.status, "confirmed"),
        eq(b.attendance, "attended"),
        confirmedAttendance,
        isNull(b.anonymisedAt),
        sql`${s.status} <> 'cancelled'`,
        sql`${s.endsAt} <= ${now.getTime()}`,
        sql`${s.endsAt} > ${now.getTime() - CERTIFICATE_EMAIL_WINDOW_MS}`,
        notAlreadyQueued("certificate"),
      ),
    )
    .all();
  for (const { id } of due) {
    certificateCodeFor({ bookingId: id });
    db.transaction((tx) => queueBookingEmail(tx, id, { kind: "certificate" }, now), { behavior: "immediate" });
  }
  return due.length;
}
