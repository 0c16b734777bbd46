/**
 * The follow-up weeks after a session (ADR 026): the attendee's own form, through the same secret as their
 * feedback link (/follow-up/<feedback token>), and their line manager's, through a secret of its own
 * (/follow-up/manager/<manager token>) that opens nothing else. Both open the programme's number of weeks
 * after the session ends, to people marked as attended, and stay open as long as the programme keeps
 * feedback open.
 */
import { and, eq } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { ownResponse, publicQuestions, storeResponse, answerWords } from "~/models/feedback.server";
import { parseAnswers } from "~/utils/answers";
import { clock } from "~/utils/clock.server";
import { startOfUtcDay } from "~/utils/dates";
import type { FormValues } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import type { Locale, MessageKey } from "~/utils/i18n";

export type FollowUpRole = "attendee" | "manager";

export type FollowUpClosedReason =
  "not_open_yet" | "closed" | "cancelled" | "form_closed" | "not_attended" | "booking_cancelled" | "already_given";

/** Catalogue keys, said in the page's language. */
export const FOLLOW_UP_CLOSED: Record<FollowUpClosedReason, MessageKey> = {
  not_open_yet: "followUp.closed.notOpenYet",
  closed: "followUp.closed.closed",
  cancelled: "followUp.closed.cancelled",
  form_closed: "feedback.closed.formClosed",
  not_attended: "followUp.closed.notAttended",
  booking_cancelled: "followUp.closed.bookingCancelled",
  already_given: "followUp.closed.alreadyGiven",
};

/**
 * What a manager is told when their form is not open: never why (a booking cancelled, an attendance corrected),
 * which is the attendee's business, not their manager's.
 */
export function followUpClosedMessage(role: FollowUpRole, reason: FollowUpClosedReason): MessageKey {
  if (role === "attendee" || reason === "already_given") return FOLLOW_UP_CLOSED[reason];
  return reason === "not_open_yet" ? FOLLOW_UP_CLOSED.not_open_yet : "followUp.closed.manager";
}

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

/** When the follow-up opens: the programme's number of weeks after the session ends. */
export function followUpOpensAt(session: { endsAt: Date }, programme: { followUpWeeks: number }) {
  return new Date(session.endsAt.getTime() + programme.followUpWeeks * WEEK_MS);
}

/** It stays open as long as the session's feedback did: the programme's number of days. */
export function followUpClosesAt(session: { endsAt: Date }, programme: { followUpWeeks: number; feedbackOpenDays: number }) {
  return new Date(followUpOpensAt(session, programme).getTime() + programme.feedbackOpenDays * DAY_MS);
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The follow-up page for an attendee or their manager: the form, earlier answers, and whether it is open. */
export function getFollowUp({ token, role, now = clock() }: { token: string; role: FollowUpRole; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound("Form not found");
  const row = db
    .select({ booking: schema.bookings, session: schema.sessions, programme: schema.programmes })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(role === "attendee" ? eq(schema.bookings.feedbackToken, token) : eq(schema.bookings.managerToken, token))
    .get();
  if (!row || row.booking.anonymisedAt) throw notFound("Form not found");
  const form = db
    .select()
    .from(schema.forms)
    .where(and(eq(schema.forms.programmeId, row.programme.id), eq(schema.forms.kind, role === "attendee" ? "follow_up" : "manager")))
    .get();
  if (!form) throw notFound("Form not found");
  const questions = publicQuestions(form.id);
  const { response, previous } = ownResponse({ form, bookingId: row.booking.id, questions });
  const opensAt = followUpOpensAt(row.session, row.programme);
  const closesAt = followUpClosesAt(row.session, row.programme);
  const given = role === "attendee" ? row.booking.followUpGivenAt : row.booking.managerGivenAt;
  const closed: FollowUpClosedReason | null =
    row.session.status === "cancelled"
      ? "cancelled"
      : row.booking.status !== "confirmed"
        ? "booking_cancelled"
        : row.booking.attendance !== "attended"
          ? "not_attended"
          : form.status !== "open"
            ? "form_closed"
            : now < opensAt
              ? "not_open_yet"
              : now >= closesAt
                ? "closed"
                : form.anonymous && given
                  ? "already_given"
                  : null;
  return {
    booking: row.booking,
    session: row.session,
    programme: row.programme,
    form,
    questions,
    previous,
    submittedAt: response?.updatedAt ?? null,
    closed,
    opensAt,
    closesAt,
  };
}

/**
 * Stores a follow-up in one transaction: on a named form, a second submission replaces the first; on an
 * anonymous one, only the day it was given is recorded on the booking (so chasers stop).
 */
export function submitFollowUp({
  token,
  role,
  values,
  locale = "en",
  now = clock(),
}: {
  token: string;
  role: FollowUpRole;
  values: FormValues;
  /** The page's language, for the messages beside the answers. */
  locale?: Locale;
  now?: Date;
}):
  | { ok: true; responseId: number; replaced: boolean }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; closed: FollowUpClosedReason } {
  const c = getFollowUp({ token, role, now });
  if (c.closed) return { ok: false, closed: c.closed };
  const parsed = parseAnswers(c.questions, values, { anonymous: c.form.anonymous, ...answerWords(locale) });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return db.transaction(
    (tx) => {
      const stored = storeResponse(tx, {
        formId: c.form.id,
        sessionId: c.session.id,
        bookingId: c.form.anonymous ? null : c.booking.id,
        channel: "attendee_link",
        rows: parsed.rows,
        now,
      });
      const given = c.form.anonymous ? startOfUtcDay(now) : now;
      tx.update(schema.bookings)
        .set(role === "attendee" ? { followUpGivenAt: given } : { managerGivenAt: given })
        .where(eq(schema.bookings.id, c.booking.id))
        .run();
      return { ok: true as const, ...stored };
    },
    { behavior: "immediate" },
  );
}
