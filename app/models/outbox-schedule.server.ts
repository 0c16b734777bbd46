/**
 * Messages the clock makes due: reminders before a session, feedback requests after it, and one chaser;
 * certificates of attendance once the session has ended; the follow-ups weeks later, and their chasers.
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
        // A walk-in with no email address is never sent anything.
        sql`${b.email} <> ''`,
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
        // A walk-in with no email address is never sent anything.
        sql`${b.email} <> ''`,
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
        // A walk-in with no email address is never sent anything.
        sql`${b.email} <> ''`,
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
        // A walk-in with no email address is never sent anything.
        sql`${b.email} <> ''`,
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

/** Who a follow-up goes to, and how the booking records that it was answered (ADR 026). */
const FOLLOW_UPS = {
  attendee: {
    form: "follow_up",
    request: "follow_up_request",
    chaser: "follow_up_chaser",
    given: b.followUpGivenAt,
    asked: "followUpAskedAt",
    to: sql`${b.email} <> ''`,
  },
  manager: {
    form: "manager",
    request: "manager_request",
    chaser: "manager_chaser",
    given: b.managerGivenAt,
    asked: "managerAskedAt",
    to: sql`${b.managerToken} is not null and ${b.managerEmail} is not null`,
  },
} as const;

/** The conditions every follow-up message shares: attended, not answered, the form open, and its window now. */
function followUpOpen(role: keyof typeof FOLLOW_UPS, now: Date) {
  const { form, given, to } = FOLLOW_UPS[role];
  const opens = sql`${s.endsAt} + ${p.followUpWeeks} * 604800000`;
  return and(
    eq(b.status, "confirmed"),
    eq(b.attendance, "attended"),
    isNull(b.anonymisedAt),
    isNull(given),
    to,
    sql`${s.status} <> 'cancelled'`,
    sql`${opens} <= ${now.getTime()}`,
    sql`${opens} + ${p.feedbackOpenDays} * 86400000 > ${now.getTime()}`,
    sql`exists (select 1 from ${f} where ${f.programmeId} = ${p.id} and ${f.kind} = ${form} and ${f.status} = 'open')`,
  );
}

/**
 * The follow-up the programme's number of weeks after a session ends, to everyone marked as attended, and at
 * the same time to the line managers they named; never once answered, nor once closed.
 */
export function queueFollowUpRequests({ now = clock() }: { now?: Date } = {}) {
  let queued = 0;
  for (const role of ["attendee", "manager"] as const) {
    const { request: kind, asked } = FOLLOW_UPS[role];
    const due = db
      .select({ id: b.id })
      .from(b)
      .innerJoin(s, eq(s.id, b.sessionId))
      .innerJoin(p, eq(p.id, s.programmeId))
      .where(and(followUpOpen(role, now), notAlreadyQueued(kind)))
      .all();
    for (const { id } of due)
      db.transaction(
        (tx) => {
          queueBookingEmail(tx, id, { kind }, now);
          // Who was asked is the response rate's denominator (ADR 026).
          tx.update(b)
            .set({ [asked]: now })
            .where(eq(b.id, id))
            .run();
        },
        { behavior: "immediate" },
      );
    queued += due.length;
  }
  return queued;
}

/** One chaser for each, the programme's chaser days after the request, while the follow-up is unanswered and open. */
export function queueFollowUpChasers({ now = clock() }: { now?: Date } = {}) {
  let queued = 0;
  for (const role of ["attendee", "manager"] as const) {
    const { request, chaser } = FOLLOW_UPS[role];
    const due = db
      .select({ id: b.id })
      .from(b)
      .innerJoin(s, eq(s.id, b.sessionId))
      .innerJoin(p, eq(p.id, s.programmeId))
      .innerJoin(o, and(eq(o.bookingId, b.id), eq(o.kind, request)))
      .where(
        and(
          followUpOpen(role, now),
          sql`${p.feedbackChaserDays} > 0`,
          sql`${o.createdAt} + ${p.feedbackChaserDays} * 86400000 <= ${now.getTime()}`,
          notAlreadyQueued(chaser),
        ),
      )
      .all();
    for (const { id } of due) db.transaction((tx) => queueBookingEmail(tx, id, { kind: chaser }, now), { behavior: "immediate" });
    queued += due.length;
  }
  return queued;
}
