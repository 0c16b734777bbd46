/**
 * Collecting answers, through three kinds of link:
 * - an attendee's own link (/feedback/<booking token>): one response per booking, changeable until
 *   feedback closes (on an anonymous form: one response, not linked to the booking, so not changeable);
 * - a session's anonymous link (/feedback/session/<token>, and its QR code for the room);
 * - a consultation's public link (/consultation/<token>).
 */
import { and, desc, eq, isNull } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { listQuestions } from "~/models/question.server";
import { answersToValues, parseAnswers, type AnswerRow, type QuestionForAnswers } from "~/utils/answers";
import { clock } from "~/utils/clock.server";
import { startOfUtcDay } from "~/utils/dates";
import type { FormValues } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import { localTranslator, wordingIn, type Locale, type MessageKey } from "~/utils/i18n";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import { type QuestionConfig } from "../../domain/vocabulary";

const f = schema.forms;

/** The messages and option words of `parseAnswers`, in the page's language. */
export function answerWords(locale: Locale) {
  const t = localTranslator(locale);
  return { t, shown: (text: string) => wordingIn(text, t).text };
}

export type FeedbackClosedReason =
  "not_started" | "closed" | "cancelled" | "form_closed" | "not_attended" | "booking_cancelled" | "not_open_yet";

/** Catalogue keys, said in the page's language. */
export const CLOSED_MESSAGES: Record<FeedbackClosedReason, MessageKey> = {
  not_started: "feedback.closed.notStarted",
  closed: "feedback.closed.closed",
  cancelled: "feedback.closed.cancelled",
  form_closed: "feedback.closed.formClosed",
  not_attended: "feedback.closed.notAttended",
  booking_cancelled: "feedback.closed.bookingCancelled",
  not_open_yet: "feedback.closed.notOpenYet",
};

/** When a session's feedback closes: as set by an organiser, or the programme's number of days after it ends. */
export function feedbackClosesAt(session: { endsAt: Date; feedbackClosesAt: Date | null }, programme: { feedbackOpenDays: number }) {
  return session.feedbackClosesAt ?? new Date(session.endsAt.getTime() + programme.feedbackOpenDays * 24 * 3600_000);
}

function sessionWindow(
  session: { startsAt: Date; endsAt: Date; status: string; feedbackClosesAt: Date | null },
  programme: { feedbackOpenDays: number },
  form: { status: string },
  now: Date,
): FeedbackClosedReason | null {
  if (form.status !== "open") return "form_closed";
  if (session.status === "cancelled") return "cancelled";
  if (session.startsAt > now) return "not_started";
  if (feedbackClosesAt(session, programme) <= now) return "closed";
  return null;
}

export type PublicQuestionRow = QuestionForAnswers & { hint: string; config: QuestionConfig };

export function publicQuestions(formId: number): PublicQuestionRow[] {
  return listQuestions({ formId }).map((x) => ({
    id: x.id,
    type: x.type,
    prompt: x.prompt,
    hint: x.hint,
    required: x.required,
    config: x.config,
  }));
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * A booking's own response to a form and its answers as the form's fields, so the person can change them;
 * none on an anonymous form, whose responses carry no booking.
 */
export function ownResponse({
  form,
  bookingId,
  questions,
}: {
  form: { id: number; anonymous: boolean };
  bookingId: number;
  questions: PublicQuestionRow[];
}) {
  const response = form.anonymous
    ? null
    : (db
        .select()
        .from(schema.responses)
        .where(and(eq(schema.responses.formId, form.id), eq(schema.responses.bookingId, bookingId)))
        .get() ?? null);
  const previous = response
    ? answersToValues(questions, db.select().from(schema.answers).where(eq(schema.answers.responseId, response.id)).all())
    : null;
  return { response, previous };
}

/** The attendee's own feedback page: their session, the programme's form, and their earlier answers if any. */
export function getAttendeeFeedback({ token, now = clock() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound("Form not found");
  const row = db
    .select({ booking: schema.bookings, session: schema.sessions, programme: schema.programmes })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.bookings.feedbackToken, token))
    .get();
  if (!row || row.booking.anonymisedAt) throw notFound("Form not found");
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.programmeId, row.programme.id), eq(f.kind, "evaluation")))
    .get();
  if (!form) throw notFound("Form not found");
  const questions = publicQuestions(form.id);
  const { response, previous } = ownResponse({ form, bookingId: row.booking.id, questions });
  let closed: FeedbackClosedReason | null =
    row.booking.status === "cancelled"
      ? "booking_cancelled"
      : row.booking.attendance === "no_show"
        ? "not_attended"
        : sessionWindow(row.session, row.programme, form, now);
  // On an anonymous form the attendee's one response cannot be found again, so it cannot be changed.
  const alreadyGaveAnonymous = form.anonymous && row.booking.feedbackGivenAt !== null;
  if (row.session.status === "cancelled") closed = "cancelled";
  return {
    booking: row.booking,
    session: row.session,
    programme: row.programme,
    form,
    questions,
    previous,
    submittedAt: response?.updatedAt ?? null,
    alreadyGaveAnonymous,
    closed,
    closesAt: feedbackClosesAt(row.session, row.programme),
  };
}

/** A session's anonymous link (shared in the room or as a QR code). */
export function getSessionFeedback({ token, now = clock() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound("Form not found");
  const row = db
    .select({ session: schema.sessions, programme: schema.programmes })
    .from(schema.sessions)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.sessions.feedbackToken, token))
    .get();
  if (!row) throw notFound("Form not found");
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.programmeId, row.programme.id), eq(f.kind, "evaluation")))
    .get();
  if (!form) throw notFound("Form not found");
  return {
    ...row,
    form,
    questions: publicQuestions(form.id),
    closed: sessionWindow(row.session, row.programme, form, now),
    closesAt: feedbackClosesAt(row.session, row.programme),
  };
}

export function getConsultation({ token, now = clock() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound("Form not found");
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.publicToken, token), eq(f.kind, "consultation")))
    .get();
  if (!form || form.status === "draft") throw notFound("Form not found");
  const closed: FeedbackClosedReason | null =
    form.status !== "open"
      ? "form_closed"
      : form.opensAt && form.opensAt > now
        ? "not_open_yet"
        : form.closesAt && form.closesAt <= now
          ? "form_closed"
          : null;
  return { form, questions: publicQuestions(form.id), closed };
}

export type SubmitTarget =
  | { channel: "attendee_link"; token: string }
  | {
      channel: "anonymous_link";
      sessionToken: string;
      /** From the room link's cookie: a later response from the same device replaces the earlier one... */
      deviceKey?: string | null;
      /** ...unless the person says they are someone else using the same device. */
      anotherPerson?: boolean;
    }
  | { channel: "anonymous_link"; consultationToken: string };

/**
 * Validates and stores one response in a single transaction. Through an attendee's link on a named form,
 * a second submission replaces the first (its answers are deleted and written again); on an anonymous form
 * the response carries no booking and only the booking's "feedback given" day is recorded.
 */
export function submitFeedback({
  target,
  values,
  locale = "en",
  now = clock(),
}: {
  target: SubmitTarget;
  values: FormValues;
  /** The page's language, for the messages beside the answers. */
  locale?: Locale;
  now?: Date;
}):
  | { ok: true; responseId: number; replaced: boolean }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; closed: FeedbackClosedReason } {
  const context =
    "token" in target
      ? (() => {
          const a = getAttendeeFeedback({ token: target.token, now });
          return {
            form: a.form,
            questions: a.questions,
            sessionId: a.session.id,
            booking: a.booking,
            closed: a.closed ?? (a.alreadyGaveAnonymous ? ("closed" as const) : null),
          };
        })()
      : "sessionToken" in target
        ? (() => {
            const s = getSessionFeedback({ token: target.sessionToken, now });
            return { form: s.form, questions: s.questions, sessionId: s.session.id, booking: null, closed: s.closed };
          })()
        : (() => {
            const c = getConsultation({ token: target.consultationToken, now });
            return { form: c.form, questions: c.questions, sessionId: null, booking: null, closed: c.closed };
          })();
  if (context.closed) return { ok: false, closed: context.closed };

  const parsed = parseAnswers(context.questions, values, { anonymous: context.form.anonymous || !context.booking, ...answerWords(locale) });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };

  return db.transaction(
    (tx) => {
      const linkBooking = context.booking && !context.form.anonymous ? context.booking.id : null;
      const deviceKey = "sessionToken" in target ? (target.deviceKey ?? null) : null;
      const { responseId, replaced } = storeResponse(tx, {
        formId: context.form.id,
        sessionId: context.sessionId,
        bookingId: linkBooking,
        channel: target.channel,
        deviceKey,
        replacing:
          !linkBooking && deviceKey && context.sessionId && !("anotherPerson" in target && target.anotherPerson)
            ? latestFromDevice(tx, context.sessionId, deviceKey)?.id
            : undefined,
        rows: parsed.rows,
        now,
      });
      if (context.booking) {
        tx.update(schema.bookings)
          .set({ feedbackGivenAt: context.form.anonymous ? startOfUtcDay(now) : now })
          .where(eq(schema.bookings.id, context.booking.id))
          .run();
      }
      return { ok: true as const, responseId, replaced };
    },
    { behavior: "immediate" },
  );
}

/**
 * Writes one response and its answers inside the caller's transaction. Through a booking's link (on a named
 * form) that booking's earlier response to the same form is replaced, as is `replacing` when given: its
 * answers are deleted and written again, so a person is never counted twice.
 */
export function storeResponse(
  tx: DbOrTx,
  {
    formId,
    sessionId,
    bookingId,
    channel,
    deviceKey = null,
    replacing,
    rows,
    now,
  }: {
    formId: number;
    sessionId: number | null;
    bookingId: number | null;
    channel: "attendee_link" | "anonymous_link";
    deviceKey?: string | null;
    replacing?: number;
    rows: AnswerRow[];
    now: Date;
  },
) {
  const existing = bookingId
    ? tx
        .select({ id: schema.responses.id })
        .from(schema.responses)
        .where(and(eq(schema.responses.formId, formId), eq(schema.responses.bookingId, bookingId)))
        .get()?.id
    : replacing;
  let responseId: number;
  if (existing) {
    responseId = existing;
    tx.delete(schema.answers).where(eq(schema.answers.responseId, responseId)).run();
    tx.update(schema.responses).set({ updatedAt: now }).where(eq(schema.responses.id, responseId)).run();
  } else {
    responseId = tx
      .insert(schema.responses)
      .values({ formId, sessionId, bookingId, channel, deviceKey, submittedAt: now, updatedAt: now })
      .returning({ id: schema.responses.id })
      .get().id;
  }
  if (rows.length)
    tx.insert(schema.answers)
      .values(rows.map((r) => ({ ...r, responseId, formId, sessionId })))
      .run();
  return { responseId, replaced: existing !== undefined };
}

/** The latest response (not voided) sent from this device through a session's room link. */
function latestFromDevice(tx: DbOrTx, sessionId: number, deviceKey: string) {
  return tx
    .select({ id: schema.responses.id })
    .from(schema.responses)
    .where(and(eq(schema.responses.sessionId, sessionId), eq(schema.responses.deviceKey, deviceKey), isNull(schema.responses.voidedAt)))
    .orderBy(desc(schema.responses.id))
    .get();
}

/** Whether this device has already sent feedback through the session's room link, so the form can say so. */
export function sentFromDevice({ sessionId, deviceKey }: { sessionId: number; deviceKey: string | null }): boolean {
  return deviceKey ? Boolean(latestFromDevice(db, sessionId, deviceKey)) : false;
}

/** The session's secret for its anonymous feedback link, made on first use for sessions created before links existed. */
export function ensureSessionFeedbackToken({ sessionId }: { sessionId: number }): string {
  const current = db.select({ token: schema.sessions.feedbackToken }).from(schema.sessions).where(eq(schema.sessions.id, sessionId)).get();
  if (!current) throw notFound("Session not found");
  if (current.token) return current.token;
  const token = newSecretToken();
  db.update(schema.sessions)
    .set({ feedbackToken: token })
    .where(and(eq(schema.sessions.id, sessionId), isNull(schema.sessions.feedbackToken)))
    .run();
  return db.select({ token: schema.sessions.feedbackToken }).from(schema.sessions).where(eq(schema.sessions.id, sessionId)).get()!.token!;
}

/** Closes (or reopens) a session's feedback now, e.g. once the evaluation has been written up. */
export function setSessionFeedbackClosed({
  sessionId,
  closed,
  userId,
  now = clock(),
}: {
  sessionId: number;
  closed: boolean;
  userId: number;
  now?: Date;
}) {
  db.transaction((tx) => {
    const session = tx.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId)).get();
    if (!session) throw notFound("Session not found");
    const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, session.programmeId)).get()!;
    const reopenUntil = new Date(Math.max(now.getTime(), session.endsAt.getTime()) + programme.feedbackOpenDays * 24 * 3600_000);
    tx.update(schema.sessions)
      .set({ feedbackClosesAt: closed ? now : reopenUntil, updatedAt: now })
      .where(eq(schema.sessions.id, sessionId))
      .run();
    audit(
      { userId, action: closed ? "session.feedback_close" : "session.feedback_reopen", entityType: "session", entityId: sessionId },
      tx,
    );
  });
}

/** Feedback status for each booking on a session's page: given or not (never the answers themselves). */
export function feedbackGivenByBooking({ sessionId }: { sessionId: number }) {
  const rows = db
    .select({ id: schema.bookings.id, given: schema.bookings.feedbackGivenAt })
    .from(schema.bookings)
    .where(eq(schema.bookings.sessionId, sessionId))
    .all();
  return new Map(rows.map((r) => [r.id, r.given !== null]));
}
