/**
 * Writing messages into the email outbox. Messages are written inside the same transaction as the change that
 * causes them (a booking, a cancellation, a moved session), so nothing is lost if the process dies and nothing
 * is sent for a change that rolled back. Each has a unique key (kind, booking, sequence): writing it twice is
 * a no-op. Sending is outbox-delivery.server.ts; see docs/decisions/008-email-outbox.md.
 */
import { eq, sql } from "drizzle-orm";

import { schema } from "~/db.server";
import { bookingCalendarEvent, manageUrl } from "~/models/calendar.server";
import { feedbackClosesAt } from "~/models/feedback.server";
import { followUpClosesAt } from "~/models/follow-up.server";
import { deliverDueEmails } from "~/models/outbox-delivery.server";
import { publicTitleIn } from "~/models/programme-translation.server";
import { bookingReference } from "~/utils/booking-reference";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { asLocale, datesFor, inLanguage, translator, type Locale, type MessageKey } from "~/utils/i18n";

import type { DbOrTx } from "../../db/client";
import { msAt as ms, preparedOn, valueAt as v } from "../../db/prepared";
import { type EmailKind } from "../../domain/vocabulary";
import type { EmailContext, EmailMessage, SessionInfo } from "../../emails/layout";
import * as emails from "../../emails/messages";

export function emailContext(locale: Locale = "en"): EmailContext {
  const env = getEnv();
  return {
    serviceName: env.SERVICE_NAME,
    organisationName: env.ORGANISATION_NAME,
    contactEmail: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL,
    locale,
  };
}

// ---------------------------------------------------------------------------------------------------------

/** The message row, every column a value given when it runs; times in ms, passed as they are. */
function prepareQueue(d: DbOrTx) {
  return d
    .insert(schema.emailOutbox)
    .values({
      kind: v("kind"),
      dedupeKey: v("dedupeKey"),
      bookingId: v("bookingId"),
      sessionId: v("sessionId"),
      toAddress: v("toAddress"),
      toName: v("toName"),
      subject: v("subject"),
      textBody: v("textBody"),
      htmlBody: v("htmlBody"),
      icsContent: v("icsContent"),
      icsMethod: v("icsMethod"),
      createdAt: ms("createdAt"),
      nextAttemptAt: ms("nextAttemptAt"),
    })
    .onConflictDoNothing({ target: schema.emailOutbox.dedupeKey })
    .prepare();
}

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
  preparedOn(tx, "outbox.queue", prepareQueue).run({
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
    createdAt: now.getTime(),
    nextAttemptAt: now.getTime(),
  });
  scheduleDelivery();
}

/**
 * Process-wide, like the database client: in development the jobs keep running from the first build while
 * a rebuilt one writes the messages, each with its own copy of this module.
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
  const row = preparedOn(tx, "outbox.booking", (d) =>
    d
      .select({ booking: schema.bookings, session: schema.sessions, programme: schema.programmes })
      .from(schema.bookings)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
      .where(eq(schema.bookings.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id: bookingId });
  if (!row) throw new Error(`Booking ${bookingId} vanished while queueing its email`);
  return row;
}

function sessionInfo(row: ReturnType<typeof loadBooking>, { withLink, locale }: { withLink: boolean; locale: Locale }): SessionInfo {
  return {
    title: publicTitleIn(row.programme, locale),
    startsAt: row.session.startsAt,
    endsAt: row.session.endsAt,
    venue: row.session.venue,
    online: Boolean(row.session.onlineUrl),
    onlineUrl: withLink ? row.session.onlineUrl : null,
    notes: row.session.notesForAttendees,
  };
}

/** Whole weeks since the session, as the follow-up says it: the programme's weeks, or more for a late start. */
function weeksSince(endsAt: Date, now: Date) {
  return Math.max(1, Math.floor((now.getTime() - endsAt.getTime()) / (7 * 86_400_000)));
}

const CHANGE_LABELS = {
  startsAt: "email.change.startsAt",
  endsAt: "email.change.endsAt",
  venue: "email.change.venue",
  onlineUrl: "email.change.onlineUrl",
} as const satisfies Record<string, MessageKey>;

function describeChange(field: keyof typeof CHANGE_LABELS, value: string | null, locale: Locale) {
  const t = translator(locale);
  if (value === null || value === "")
    return field === "venue" ? t("email.change.noVenue") : field === "onlineUrl" ? t("email.change.noLink") : t("email.change.notSet");
  return field === "startsAt" || field === "endsAt" ? datesFor(locale).dateTime(new Date(value)) : value;
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
  | { kind: "feedback_request" | "feedback_chaser" | "certificate" }
  | { kind: "follow_up_request" | "follow_up_chaser" | "manager_request" | "manager_chaser" };

/** Builds and writes one booking's email, inside the caller's transaction. */
export function queueBookingEmail(tx: DbOrTx, bookingId: number, request: BookingEmailRequest, now = clock()) {
  const row = loadBooking(tx, bookingId);
  const { booking, session, programme } = row;
  if (booking.anonymisedAt || !booking.email) return;
  // Written in the language they booked in (ADR 028); every link opens its page in it too.
  const locale = asLocale(booking.locale);
  const ctx = emailContext(locale);
  const t = translator(locale);
  const confirmed = booking.status === "confirmed";
  const base = {
    ctx,
    recipient: { name: booking.name, email: booking.email },
    session: sessionInfo(row, { withLink: confirmed, locale }),
    manageUrl: inLanguage(manageUrl(booking.manageToken), locale),
    reference: bookingReference(booking.id),
  };
  const event = (cancelled = false) => bookingCalendarEvent({ session, programme, booking, cancelled });
  const seq = session.sequence + booking.calendarSequence;
  let message: EmailMessage;
  let key: string;
  let to = { email: booking.email, name: booking.name };
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
          what: t(CHANGE_LABELS[c.field]),
          before: describeChange(c.field, c.before, locale),
          after: describeChange(c.field, c.after, locale),
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
          return b === a
            ? null
            : { what: t(CHANGE_LABELS[field]), before: describeChange(field, b, locale), after: describeChange(field, a, locale) };
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
        feedbackUrl: inLanguage(`${ctx.publicUrl}/feedback/${booking.feedbackToken}`, locale),
        closesAt: feedbackClosesAt(session, programme),
        chaser: request.kind === "feedback_chaser",
      });
      key = `${request.kind}:${booking.id}`;
      break;
    case "certificate":
      message = emails.certificateReady({
        ...base,
        certificateUrl: inLanguage(`${manageUrl(booking.manageToken)}/certificate.pdf`, locale),
      });
      key = `certificate:${booking.id}`;
      break;
    case "follow_up_request":
    case "follow_up_chaser":
      message = emails.followUpRequest({
        ...base,
        followUpUrl: inLanguage(`${ctx.publicUrl}/follow-up/${booking.feedbackToken}`, locale),
        weeks: weeksSince(session.endsAt, now),
        closesAt: followUpClosesAt(session, programme),
        chaser: request.kind === "follow_up_chaser",
      });
      key = `${request.kind}:${booking.id}`;
      break;
    case "manager_request":
    case "manager_chaser":
      if (!booking.managerEmail || !booking.managerToken) return;
      // To a manager at the council, who did not choose a language: in English.
      message = emails.managerFollowUpRequest({
        ctx: emailContext(),
        attendeeName: booking.name,
        session: sessionInfo(row, { withLink: false, locale: "en" }),
        managerUrl: `${ctx.publicUrl}/follow-up/manager/${booking.managerToken}`,
        weeks: weeksSince(session.endsAt, now),
        closesAt: followUpClosesAt(session, programme),
        chaser: request.kind === "manager_chaser",
      });
      key = `${request.kind}:${booking.id}`;
      to = { email: booking.managerEmail, name: "" };
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
    to: to.email,
    toName: to.name,
    message,
    now,
  });
}
