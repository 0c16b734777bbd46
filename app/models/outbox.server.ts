/**
 * The email outbox. Messages are written here inside the same transaction as the change that causes them
 * (a booking, a cancellation, a moved session), so nothing is lost if the process dies and nothing is sent
 * for a change that rolled back. Each has a unique key (kind, booking, sequence): writing it twice is a
 * no-op. A sender then claims due messages (exclusively, even with two senders at once), delivers them and
 * retries failures with exponential backoff. See docs/decisions/008-email-outbox.md.
 */
import { randomUUID } from "node:crypto";

import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";

import { db, schema } from "~/db.server";
import { bookingCalendarEvent, manageUrl } from "~/models/calendar.server";
import { feedbackClosesAt } from "~/models/form.server";
import { publicProgrammeTitle } from "~/models/programme.server";
import { clock } from "~/utils/clock.server";
import { formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";

import type { DbOrTx } from "../../db/client";
import { EMAIL_KINDS, type EmailKind, type EmailStatus } from "../../domain/vocabulary";
import type { EmailContext, EmailMessage, SessionInfo } from "../../emails/layout";
import * as emails from "../../emails/messages";

export { EMAIL_KINDS };

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last, the message is marked failed. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** How long a sender's claim lasts; a claim left by a sender that died is taken over after this. */
const CLAIM_MS = 2 * 60_000;

export function emailContext(): EmailContext {
  const env = getEnv();
  return { serviceName: env.SERVICE_NAME, organisationName: env.ORGANISATION_NAME, contactEmail: env.MAIL_FROM, publicUrl: env.PUBLIC_URL };
}

// ---------------------------------------------------------------------------------------------------------
// Writing messages
// ---------------------------------------------------------------------------------------------------------

function queue(
  tx: DbOrTx,
  {
    kind,
    dedupeKey,
    bookingId,
    sessionId,
    to,
    toName,
    message,
    now,
  }: {
    kind: EmailKind;
    dedupeKey: string;
    bookingId: number | null;
    sessionId: number | null;
    to: string;
    toName: string;
    message: EmailMessage;
    now: Date;
  },
) {
  const calendar = message.attachments.find((a) => a.method);
  tx.insert(schema.emailOutbox)
    .values({
      kind,
      dedupeKey,
      bookingId,
      sessionId,
      toAddress: to,
      toName,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      icsContent: calendar?.content ?? null,
      icsMethod: calendar?.method ?? null,
      // Due from the moment of the change, so the sweep that wrote it also sends it.
      createdAt: now,
      nextAttemptAt: now,
    })
    .onConflictDoNothing({ target: schema.emailOutbox.dedupeKey })
    .run();
  scheduleDelivery();
}

/**
 * Process-wide, like the database client: server.ts (which starts the jobs) and the Remix build (which
 * writes messages) are separate module graphs, each with its own copy of this module.
 */
const delivery = ((globalThis as { __outboxDelivery?: { onWrite: boolean; pending?: NodeJS.Timeout } }).__outboxDelivery ??= {
  onWrite: false,
});

/**
 * When the server runs its background jobs, a newly written message is delivered a moment later instead of
 * at the next minute's sweep. The timer fires after the current (synchronous) transaction has committed.
 */
export function setDeliverOnWrite(enabled: boolean) {
  delivery.onWrite = enabled;
}

function scheduleDelivery() {
  if (!delivery.onWrite || delivery.pending) return;
  delivery.pending = setTimeout(() => {
    delivery.pending = undefined;
    deliverDueEmails().catch((error: unknown) => console.error("Delivering the outbox failed:", error));
  }, 250);
  delivery.pending.unref();
}

function loadBooking(tx: DbOrTx, bookingId: number) {
  const row = tx
    .select({ booking: schema.bookings, session: schema.sessions, programme: schema.programmes })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.bookings.id, bookingId))
    .get();
  if (!row) throw new Error(`Booking ${bookingId} vanished while queueing its email`);
  return row;
}

function sessionInfo(row: ReturnType<typeof loadBooking>, { withLink }: { withLink: boolean }): SessionInfo {
  return {
    title: publicProgrammeTitle(row.programme),
    startsAt: row.session.startsAt,
    endsAt: row.session.endsAt,
    venue: row.session.venue,
    online: Boolean(row.session.onlineUrl),
    onlineUrl: withLink ? row.session.onlineUrl : null,
    notes: row.session.notesForAttendees,
  };
}

const CHANGE_LABELS = { startsAt: "Starts", endsAt: "Ends", venue: "Venue", onlineUrl: "Joining link" } as const;

function describeChange(field: keyof typeof CHANGE_LABELS, value: string | null) {
  if (value === null || value === "")
    return field === "venue" ? "no venue (online only)" : field === "onlineUrl" ? "no joining link" : "not set";
  return field === "startsAt" || field === "endsAt" ? formatDateTime(new Date(value)) : value;
}

export type BookingEmailRequest =
  | { kind: "booking_confirmed" | "promoted" | "reminder" | "manage_link" }
  | { kind: "waitlisted"; position: number }
  | { kind: "session_changed"; changes: Array<{ field: keyof typeof CHANGE_LABELS; before: string | null; after: string | null }> }
  | {
      kind: "booking_moved";
      from: { startsAt: Date; endsAt: Date; venue: string | null; onlineUrl: string | null };
      hadPlace: boolean;
      position: number | null;
    }
  | { kind: "booking_cancelled"; by: "attendee" | "organiser"; reason: string | null; hadPlace: boolean }
  | { kind: "session_cancelled"; reason: string; hadPlace: boolean }
  | { kind: "feedback_request" | "feedback_chaser" };

/** Builds and writes one booking's email, inside the caller's transaction. */
export function queueBookingEmail(tx: DbOrTx, bookingId: number, request: BookingEmailRequest, now = clock()) {
  const row = loadBooking(tx, bookingId);
  const { booking, session, programme } = row;
  if (booking.anonymisedAt || !booking.email) return;
  const ctx = emailContext();
  const confirmed = booking.status === "confirmed";
  const base = {
    ctx,
    recipient: { name: booking.name, email: booking.email },
    session: sessionInfo(row, { withLink: confirmed }),
    manageUrl: manageUrl(booking.manageToken),
  };
  const event = (cancelled = false) => bookingCalendarEvent({ session, programme, booking, cancelled });
  const seq = session.sequence + booking.calendarSequence;
  let message: EmailMessage;
  let key: string;
  switch (request.kind) {
    case "booking_confirmed":
      message = emails.bookingConfirmed({ ...base, calendar: event() });
      key = `booking_confirmed:${booking.id}:${seq}`;
      break;
    case "promoted":
      message = emails.promotedFromWaitingList({ ...base, calendar: event() });
      key = `promoted:${booking.id}:${booking.confirmedAt?.getTime() ?? seq}`;
      break;
    case "waitlisted": {
      message = emails.addedToWaitingList({ ...base, position: request.position });
      key = `waitlisted:${booking.id}:${booking.sessionId}:${booking.waitlistedAt?.getTime() ?? 0}`;
      break;
    }
    case "session_changed":
      message = emails.sessionChanged({
        ...base,
        changes: request.changes.map((c) => ({
          what: CHANGE_LABELS[c.field],
          before: describeChange(c.field, c.before),
          after: describeChange(c.field, c.after),
        })),
        calendar: confirmed ? event() : undefined,
      });
      key = `session_changed:${booking.id}:${session.sequence}`;
      break;
    case "booking_moved": {
      const changes = (["startsAt", "endsAt", "venue", "onlineUrl"] as const)
        .map((field) => {
          const before = request.from[field];
          const after = session[field];
          const b = before instanceof Date ? before.toISOString() : before;
          const a = after instanceof Date ? after.toISOString() : after;
          return b === a ? null : { what: CHANGE_LABELS[field], before: describeChange(field, b), after: describeChange(field, a) };
        })
        .filter((c): c is NonNullable<typeof c> => c !== null);
      message = emails.sessionChanged({
        ...base,
        moved: true,
        changes,
        // Moved into a full session: the old invite is withdrawn until a place comes up.
        calendar: confirmed || request.hadPlace ? event(!confirmed) : undefined,
        calendarMethod: confirmed ? "REQUEST" : "CANCEL",
        waitingPosition: request.position,
      });
      key = `booking_moved:${booking.id}:${seq}`;
      break;
    }
    case "booking_cancelled":
      message = emails.bookingCancelled({
        ...base,
        by: request.by,
        reason: request.reason,
        calendar: request.hadPlace ? event(true) : undefined,
      });
      key = `booking_cancelled:${booking.id}:${seq}`;
      break;
    case "session_cancelled":
      message = emails.sessionCancelled({ ...base, reason: request.reason, calendar: request.hadPlace ? event(true) : undefined });
      key = `session_cancelled:${booking.id}:${session.sequence}`;
      break;
    case "reminder":
      message = emails.reminder(base);
      key = `reminder:${booking.id}:${session.startsAt.getTime()}`;
      break;
    case "feedback_request":
    case "feedback_chaser":
      message = emails.feedbackRequest({
        ...base,
        feedbackUrl: `${ctx.publicUrl}/feedback/${booking.feedbackToken}`,
        closesAt: feedbackClosesAt(session, programme),
        chaser: request.kind === "feedback_chaser",
      });
      key = `${request.kind}:${booking.id}`;
      break;
    case "manage_link":
      message = emails.manageLinkReminder(base);
      // At most one every ten minutes, however often someone retypes the address.
      key = `manage_link:${booking.id}:${Math.floor(now.getTime() / 600_000)}`;
      break;
  }
  queue(tx, {
    kind: request.kind,
    dedupeKey: key,
    bookingId: booking.id,
    sessionId: session.id,
    to: booking.email,
    toName: booking.name,
    message,
    now,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Scheduled messages: reminders, feedback requests and chasers
// ---------------------------------------------------------------------------------------------------------

/** Feedback requests wait this long after a session ends, so the register can be taken first. */
export const FEEDBACK_REQUEST_DELAY_MS = 60 * 60_000;

const b = schema.bookings;
const s = schema.sessions;
const p = schema.programmes;
const o = schema.emailOutbox;

function notAlreadyQueued(kind: EmailKind, extra: SQL = sql`1`) {
  return sql`not exists (select 1 from email_outbox x where x.booking_id = ${b.id} and x.kind = ${kind} and ${extra})`;
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
        notAlreadyQueued("reminder", sql`x.dedupe_key = 'reminder:' || ${b.id} || ':' || ${s.startsAt}`),
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
        sql`exists (select 1 from forms f where f.programme_id = ${p.id} and f.kind = 'evaluation' and f.status = 'open')`,
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
        sql`exists (select 1 from forms f where f.programme_id = ${p.id} and f.kind = 'evaluation' and f.status = 'open')`,
        notAlreadyQueued("feedback_chaser"),
      ),
    )
    .all();
  for (const { id } of due) db.transaction((tx) => queueBookingEmail(tx, id, { kind: "feedback_chaser" }, now), { behavior: "immediate" });
  return due.length;
}

// ---------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------

export type MailTransport = Pick<Transporter, "sendMail">;

const mail = ((globalThis as { __outboxTransport?: { transport?: (Transporter & { close(): void }) | null } }).__outboxTransport ??= {});

/** A pooled SMTP transport for an smtp:// or smtps:// address. */
export function createMailTransport(url: string) {
  return nodemailer.createTransport({ url, pool: true, maxConnections: 3, connectionTimeout: 15_000, socketTimeout: 30_000 } as Parameters<
    typeof nodemailer.createTransport
  >[0]) as Transporter & { close(): void };
}

/** The pooled SMTP connection from SMTP_URL, or null when there is none (messages are then held). */
export function getTransport(): MailTransport | null {
  if (mail.transport !== undefined) return mail.transport;
  const url = getEnv().SMTP_URL;
  mail.transport = url ? createMailTransport(url) : null;
  return mail.transport;
}

export function closeTransport() {
  mail.transport?.close();
  mail.transport = undefined;
}

/** Claims up to `limit` due messages for this sender, in one immediate transaction. */
function claim({ limit, now, sender }: { limit: number; now: Date; sender: string }) {
  return db.transaction(
    (tx) => {
      const ids = tx
        .select({ id: o.id })
        .from(o)
        .where(or(and(eq(o.status, "queued"), lte(o.nextAttemptAt, now)), and(eq(o.status, "sending"), lte(o.lockedUntil, now))))
        .orderBy(asc(o.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
      if (!ids.length) return [];
      tx.update(o)
        .set({ status: "sending", lockedUntil: new Date(now.getTime() + CLAIM_MS), lockedBy: sender })
        .where(inArray(o.id, ids))
        .run();
      return tx.select().from(o).where(inArray(o.id, ids)).orderBy(asc(o.id)).all();
    },
    { behavior: "immediate" },
  );
}

function messageId(row: { id: number; createdAt: Date }) {
  return `<outbox-${row.id}-${row.createdAt.getTime()}@${new URL(getEnv().PUBLIC_URL).hostname}>`;
}

/**
 * Delivers due messages. With no transport (no SMTP_URL) they are marked held and stay readable in the
 * outbox. A message is only ever completed by the sender that claimed it, so two senders never send one
 * message twice; if a sender dies mid-batch, its claims expire and the messages are sent later.
 */
export async function deliverDueEmails({
  transport: mailer = getTransport(),
  now = clock(),
  limit = 50,
}: { transport?: MailTransport | null; now?: Date; limit?: number } = {}): Promise<{
  sent: number;
  failed: number;
  retrying: number;
  held: number;
}> {
  const result = { sent: 0, failed: 0, retrying: 0, held: 0 };
  if (!mailer) {
    result.held = db
      .update(o)
      .set({ status: "held", lastError: "No SMTP_URL is configured, so the message is kept here rather than sent." })
      .where(and(eq(o.status, "queued"), lte(o.nextAttemptAt, now)))
      .run().changes;
    return result;
  }
  const env = getEnv();
  const sender = randomUUID();
  const batch = claim({ limit, now, sender });
  for (const row of batch) {
    const mine = and(eq(o.id, row.id), eq(o.lockedBy, sender), eq(o.status, "sending"));
    try {
      const info = await mailer.sendMail({
        from: { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM },
        to: { name: row.toName ?? "", address: row.toAddress },
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: messageId(row),
        headers: { "Auto-Submitted": "auto-generated" },
        // nodemailer's icalEvent adds both the text/calendar part (with METHOD) and the .ics attachment.
        ...(row.icsContent && row.icsMethod
          ? {
              icalEvent: {
                method: row.icsMethod,
                content: row.icsContent,
                filename: row.icsMethod === "CANCEL" ? "cancelled.ics" : "invite.ics",
              },
            }
          : {}),
      });
      db.update(o)
        .set({
          status: "sent",
          sentAt: clock(),
          messageId: info.messageId ?? messageId(row),
          lockedUntil: null,
          lockedBy: null,
          lastError: null,
          attempts: row.attempts + 1,
        })
        .where(mine)
        .run();
      result.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      const delay = RETRY_DELAYS_MINUTES[Math.min(attempts - 1, RETRY_DELAYS_MINUTES.length - 1)]! * 60_000;
      db.update(o)
        .set({
          status: failed ? "failed" : "queued",
          attempts,
          nextAttemptAt: new Date(now.getTime() + delay),
          lockedUntil: null,
          lockedBy: null,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
        })
        .where(mine)
        .run();
      if (failed) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The outbox for administrators
// ---------------------------------------------------------------------------------------------------------

export function listOutbox({
  status,
  kind,
  search,
  limit = 100,
}: { status?: EmailStatus; kind?: EmailKind; search?: string; limit?: number } = {}) {
  const where: SQL[] = [];
  if (status) where.push(eq(o.status, status));
  if (kind) where.push(eq(o.kind, kind));
  if (search) where.push(sql`(${o.toAddress} like ${`%${search}%`} or ${o.subject} like ${`%${search}%`})`);
  return db
    .select({
      id: o.id,
      kind: o.kind,
      status: o.status,
      toAddress: o.toAddress,
      subject: o.subject,
      attempts: o.attempts,
      createdAt: o.createdAt,
      sentAt: o.sentAt,
      icsMethod: o.icsMethod,
      lastError: o.lastError,
    })
    .from(o)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(o.id))
    .limit(limit)
    .all();
}

export function countOutboxByStatus() {
  return Object.fromEntries(
    db
      .select({ status: o.status, n: count() })
      .from(o)
      .groupBy(o.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<EmailStatus, number>>;
}

export function getOutboxMessage({ id }: { id: number }) {
  const row = db.select().from(o).where(eq(o.id, id)).get();
  if (!row) throw new Response("Message not found", { status: 404, statusText: "Not Found" });
  return row;
}

/** An administrator sends a failed (or held) message again: it goes back in the queue, due now. */
export function retryOutboxMessage({ id, userId }: { id: number; userId: number }) {
  const row = getOutboxMessage({ id });
  if (row.status !== "failed" && row.status !== "held")
    throw new Response("Only failed or held messages can be sent again", { status: 409 });
  db.update(o).set({ status: "queued", attempts: 0, nextAttemptAt: clock(), lastError: null }).where(eq(o.id, id)).run();
  db.insert(schema.auditLog).values({ userId, action: "email.retry", entityType: "email", entityId: id }).run();
}
