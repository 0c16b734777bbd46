/**
 * Feedback and consultation forms: building them, and collecting answers through three kinds of link:
 * - an attendee's own link (/feedback/<booking token>): one response per booking, changeable until
 *   feedback closes (on an anonymous form: one response, not linked to the booking, so not changeable);
 * - a session's anonymous link (/feedback/session/<token>, and its QR code for the room);
 * - a consultation's public link (/consultation/<token>).
 */
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { insertStandardQuestions } from "~/models/programme.server";
import { answersToValues, OTHER, parseAnswers, type AnswerRow, type QuestionForAnswers } from "~/utils/answers";
import { clock } from "~/utils/clock.server";
import { addUkCalendar, parseDateKey, ukLocalToUtc } from "~/utils/dates";
import type { FormValues } from "~/utils/forms";
import { outer } from "~/utils/sql.server";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import { AGREEMENT_SCALE, type QuestionType, type QuestionConfig } from "../../domain/vocabulary";

const f = schema.forms;
const q = schema.questions;

export class FormRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Building questions
// ---------------------------------------------------------------------------------------------------------

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function listField({ label, min, max, maxLength }: { label: string; min: number; max: number; maxLength: number }) {
  return z
    .string()
    .default("")
    .transform(lines)
    .superRefine((items, ctx) => {
      if (items.length < min) ctx.addIssue({ code: "custom", message: `Enter at least ${min} ${label}, one per line` });
      if (items.length > max) ctx.addIssue({ code: "custom", message: `Enter ${max} ${label} or fewer` });
      const long = items.find((i) => i.length > maxLength);
      if (long) ctx.addIssue({ code: "custom", message: `Each of the ${label} must be ${maxLength} characters or fewer` });
      const repeated = items.find((i, n) => items.findIndex((x) => x.toLowerCase() === i.toLowerCase()) !== n);
      if (repeated) ctx.addIssue({ code: "custom", message: `“${repeated}” appears twice in the ${label}` });
    });
}

const intField = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${min} or more`)
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} or fewer`),
    );

const base = {
  prompt: z.string().trim().min(1, "Enter the question").max(300, "The question must be 300 characters or fewer"),
  hint: z.string().trim().max(300, "The hint must be 300 characters or fewer").default(""),
  required: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
};

/** What an organiser posts for each type of question, turned into the stored config. */
export const questionInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("single_choice"), ...base, options: listField({ label: "answers", min: 2, max: 20, maxLength: 200 }) }),
  z
    .object({
      type: z.literal("multiple_choice"),
      ...base,
      options: listField({ label: "answers", min: 2, max: 20, maxLength: 200 }),
      allowOther: z
        .string()
        .optional()
        .transform((v) => v === "yes"),
    })
    .superRefine((v, ctx) => {
      if (v.allowOther && v.options.some((o) => o.toLowerCase() === OTHER.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: ["options"], message: "Remove “Other” from the answers: “Offer Other, please say” adds it" });
      }
    }),
  z.object({ type: z.literal("yes_no"), ...base }),
  z.object({
    type: z.literal("scale"),
    ...base,
    min: intField("the lowest number", 0, 1),
    max: intField("the highest number", 2, 10),
    minLabel: z.string().trim().max(60, "The label must be 60 characters or fewer").default(""),
    maxLabel: z.string().trim().max(60, "The label must be 60 characters or fewer").default(""),
  }),
  z.object({ type: z.literal("agreement"), ...base }),
  z.object({
    type: z.literal("grid"),
    ...base,
    rows: listField({ label: "rows", min: 1, max: 20, maxLength: 200 }),
    options: listField({ label: "answers for each row", min: 2, max: 7, maxLength: 60 }),
  }),
  z
    .object({
      type: z.literal("ranking"),
      ...base,
      options: listField({ label: "options", min: 2, max: 15, maxLength: 200 }),
      maxRank: intField("how many to rank", 1, 15),
    })
    .superRefine((v, ctx) => {
      if (v.maxRank > v.options.length)
        ctx.addIssue({
          code: "custom",
          path: ["maxRank"],
          message: `How many to rank must be no more than the ${v.options.length} options`,
        });
    }),
  z.object({ type: z.literal("short_text"), ...base, maxLength: intField("the longest answer allowed", 1, 500).default(200) }),
  z.object({ type: z.literal("long_text"), ...base, maxLength: intField("the longest answer allowed", 1, 5000).default(2000) }),
  z.object({ type: z.literal("quote"), ...base, maxLength: intField("the longest comment allowed", 1, 2000).default(1000) }),
]);

export type QuestionInput = z.output<typeof questionInputSchema>;

export function configFromInput(input: QuestionInput): QuestionConfig {
  switch (input.type) {
    case "single_choice":
      return { options: input.options };
    case "multiple_choice":
      return { options: input.options, allowOther: input.allowOther };
    case "yes_no":
      return { options: ["Yes", "No"] };
    case "scale":
      return { min: input.min, max: input.max, minLabel: input.minLabel || undefined, maxLabel: input.maxLabel || undefined };
    case "agreement":
      return { options: [...AGREEMENT_SCALE] };
    case "grid":
      return { rows: input.rows, options: input.options };
    case "ranking":
      return { options: input.options, maxRank: input.maxRank };
    case "short_text":
    case "long_text":
    case "quote":
      return { maxLength: input.maxLength };
  }
}

/** The parts of a question that stored answers depend on: once answered, these cannot change. */
function structure(type: QuestionType, config: QuestionConfig) {
  return JSON.stringify({
    type,
    options: config.options ?? null,
    rows: config.rows ?? null,
    min: config.min ?? null,
    max: config.max ?? null,
    maxRank: config.maxRank ?? null,
    allowOther: Boolean(config.allowOther),
  });
}

/** Turns a stored question back into the builder's fields. */
export function questionToValues(question: typeof schema.questions.$inferSelect): Record<string, string> {
  const c = question.config;
  return {
    type: question.type,
    prompt: question.prompt,
    hint: question.hint,
    required: question.required ? "yes" : "",
    options: (c.options ?? []).join("\n"),
    rows: (c.rows ?? []).join("\n"),
    allowOther: c.allowOther ? "yes" : "",
    maxRank: c.maxRank ? String(c.maxRank) : "",
    min: c.min !== undefined ? String(c.min) : "",
    max: c.max !== undefined ? String(c.max) : "",
    minLabel: c.minLabel ?? "",
    maxLabel: c.maxLabel ?? "",
    maxLength: c.maxLength ? String(c.maxLength) : "",
  };
}

function answerCount(tx: DbOrTx, questionId: number) {
  return tx.select({ n: count() }).from(schema.answers).where(eq(schema.answers.questionId, questionId)).get()?.n ?? 0;
}

export function addQuestion({ formId, input, userId }: { formId: number; input: QuestionInput; userId: number }) {
  return db.transaction(
    (tx) => {
      getFormRow({ formId, tx });
      const last = tx
        .select({ position: sql<number>`coalesce(max(${q.position}), 0)` })
        .from(q)
        .where(eq(q.formId, formId))
        .get()!.position;
      const row = tx
        .insert(q)
        .values({
          formId,
          position: last + 1,
          type: input.type,
          prompt: input.prompt,
          hint: input.hint,
          required: input.required,
          config: configFromInput(input),
        })
        .returning({ id: q.id })
        .get();
      audit(
        { userId, action: "form.question_add", entityType: "form", entityId: formId, details: { questionId: row.id, type: input.type } },
        tx,
      );
      return row.id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Changes a question. Its type never changes (delete and add instead). Once it has answers, its choices,
 * rows and scale are fixed too, because stored answers are the choices' words: changing them would make
 * answers already given mean something else. Wording, hint and whether it is required can always change.
 */
export function updateQuestion({ questionId, input, userId }: { questionId: number; input: QuestionInput; userId: number }) {
  return db.transaction(
    (tx) => {
      const existing = getQuestionRow({ questionId, tx });
      if (existing.type !== input.type)
        throw new FormRuleError("type", "A question's type cannot change. Delete it and add a new question instead");
      const config = configFromInput(input);
      const answered = answerCount(tx, questionId);
      if (answered > 0 && structure(existing.type, existing.config) !== structure(input.type, config)) {
        throw new FormRuleError(
          input.type === "grid"
            ? "rows"
            : input.type === "scale"
              ? "min"
              : input.type === "ranking" && existing.config.maxRank !== config.maxRank
                ? "maxRank"
                : "options",
          `This question already has ${answered} ${answered === 1 ? "answer" : "answers"}, so its choices cannot change: the answers already given would then mean something else. You can change its wording, or add a new question`,
        );
      }
      tx.update(q)
        .set({ prompt: input.prompt, hint: input.hint, required: input.required, config, updatedAt: clock() })
        .where(eq(q.id, questionId))
        .run();
      audit({ userId, action: "form.question_update", entityType: "form", entityId: existing.formId, details: { questionId } }, tx);
    },
    { behavior: "immediate" },
  );
}

export function deleteQuestion({ questionId, userId }: { questionId: number; userId: number }) {
  return db.transaction(
    (tx) => {
      const existing = getQuestionRow({ questionId, tx });
      const answered = answerCount(tx, questionId);
      if (answered > 0) {
        throw new FormRuleError(
          "form",
          `This question has ${answered} ${answered === 1 ? "answer" : "answers"}, so it cannot be deleted: reports depend on them.`,
        );
      }
      tx.delete(q).where(eq(q.id, questionId)).run();
      // Keep positions 1..n.
      const rest = tx.select({ id: q.id }).from(q).where(eq(q.formId, existing.formId)).orderBy(asc(q.position), asc(q.id)).all();
      rest.forEach((r, i) =>
        tx
          .update(q)
          .set({ position: i + 1 })
          .where(eq(q.id, r.id))
          .run(),
      );
      audit(
        {
          userId,
          action: "form.question_delete",
          entityType: "form",
          entityId: existing.formId,
          details: { questionId, prompt: existing.prompt },
        },
        tx,
      );
    },
    { behavior: "immediate" },
  );
}

/** Swaps a question with its neighbour. Order never affects stored answers, so it can change at any time. */
export function moveQuestion({ questionId, direction, userId }: { questionId: number; direction: "up" | "down"; userId: number }) {
  db.transaction(
    (tx) => {
      const existing = getQuestionRow({ questionId, tx });
      const all = tx
        .select({ id: q.id, position: q.position })
        .from(q)
        .where(eq(q.formId, existing.formId))
        .orderBy(asc(q.position), asc(q.id))
        .all();
      const i = all.findIndex((x) => x.id === questionId);
      const j = direction === "up" ? i - 1 : i + 1;
      if (j < 0 || j >= all.length) return;
      [all[i], all[j]] = [all[j]!, all[i]!];
      all.forEach((x, n) =>
        tx
          .update(q)
          .set({ position: n + 1 })
          .where(eq(q.id, x.id))
          .run(),
      );
      audit(
        { userId, action: "form.question_move", entityType: "form", entityId: existing.formId, details: { questionId, direction } },
        tx,
      );
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------------------

const dateField = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || parseDateKey(v) !== null, `Enter a real date for ${label}, like 2027-03-14`);

export const formSettingsSchema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(150, "Title must be 150 characters or fewer"),
  introduction: z.string().trim().max(2000, "Introduction must be 2,000 characters or fewer").default(""),
  anonymous: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
  status: z.enum(["draft", "open", "closed"], { error: "Select whether the form is open" }),
  opensOn: dateField("when it opens"),
  closesOn: dateField("when it closes"),
});

export type FormSettings = z.output<typeof formSettingsSchema>;

export const newConsultationSchema = formSettingsSchema.extend({
  template: z.enum(["blank", "standard"], { error: "Select how to start" }),
});

/** Dates typed as UK days: a consultation opens at the start of its first day and closes at the end of its last. */
function dayBounds(settings: FormSettings) {
  const opensAt = settings.opensOn ? ukLocalToUtc(parseDateKey(settings.opensOn)!, { hour: 0, minute: 0 }) : null;
  const closesAt = settings.closesOn
    ? addUkCalendar(ukLocalToUtc(parseDateKey(settings.closesOn)!, { hour: 0, minute: 0 })!, { days: 1 })
    : null;
  if (opensAt && closesAt && closesAt <= opensAt)
    throw new FormRuleError("closesOn", "The closing date must be on or after the opening date");
  return { opensAt, closesAt };
}

export function createConsultation({
  settings,
  template,
  userId,
}: {
  settings: FormSettings;
  template: "blank" | "standard";
  userId: number;
}) {
  const { opensAt, closesAt } = dayBounds(settings);
  return db.transaction(
    (tx) => {
      const form = tx
        .insert(f)
        .values({
          kind: "consultation",
          title: settings.title,
          introduction: settings.introduction,
          anonymous: settings.anonymous,
          status: settings.status,
          opensAt,
          closesAt,
          publicToken: newSecretToken(),
          createdBy: userId,
        })
        .returning({ id: f.id })
        .get();
      if (template === "standard") insertStandardQuestions({ tx, formId: form.id });
      audit({ userId, action: "form.create", entityType: "form", entityId: form.id, details: { kind: "consultation", template } }, tx);
      return form.id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Changes a form's settings. Making a form anonymous detaches existing responses from their bookings for
 * good; making an anonymous form named is refused once anyone has answered, because they answered on the
 * promise that it was anonymous.
 */
export function updateFormSettings({ formId, settings, userId }: { formId: number; settings: FormSettings; userId: number }) {
  return db.transaction(
    (tx) => {
      const form = getFormRow({ formId, tx });
      const responsesSoFar = tx.select({ n: count() }).from(schema.responses).where(eq(schema.responses.formId, formId)).get()!.n;
      if (form.anonymous && !settings.anonymous && responsesSoFar > 0) {
        throw new FormRuleError(
          "anonymous",
          "People have already answered this form on the promise that it is anonymous, so it must stay anonymous",
        );
      }
      const { opensAt, closesAt } = form.kind === "consultation" ? dayBounds(settings) : { opensAt: null, closesAt: null };
      if (!form.anonymous && settings.anonymous) detachResponsesFromBookings(tx, formId);
      tx.update(f)
        .set({
          title: settings.title,
          introduction: settings.introduction,
          anonymous: settings.anonymous,
          status: settings.status,
          opensAt,
          closesAt,
          updatedAt: clock(),
        })
        .where(eq(f.id, formId))
        .run();
      audit(
        {
          userId,
          action: "form.settings",
          entityType: "form",
          entityId: formId,
          details: { anonymous: settings.anonymous, status: settings.status },
        },
        tx,
      );
    },
    { behavior: "immediate" },
  );
}

function detachResponsesFromBookings(tx: DbOrTx, formId: number) {
  const linked = tx
    .select({ id: schema.responses.id, bookingId: schema.responses.bookingId, submittedAt: schema.responses.submittedAt })
    .from(schema.responses)
    .where(and(eq(schema.responses.formId, formId), sql`${schema.responses.bookingId} is not null`))
    .all();
  for (const r of linked) {
    tx.update(schema.bookings)
      .set({ feedbackGivenAt: startOfUtcDay(r.submittedAt) })
      .where(eq(schema.bookings.id, r.bookingId!))
      .run();
  }
  tx.update(schema.responses).set({ bookingId: null }).where(eq(schema.responses.formId, formId)).run();
}

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export function getFormRow({ formId, tx = db }: { formId: number; tx?: DbOrTx }) {
  const row = tx.select().from(f).where(eq(f.id, formId)).get();
  if (!row) throw new Response("Form not found", { status: 404, statusText: "Not Found" });
  return row;
}

export function getQuestionRow({ questionId, tx = db }: { questionId: number; tx?: DbOrTx }) {
  const row = tx.select().from(q).where(eq(q.id, questionId)).get();
  if (!row) throw new Response("Question not found", { status: 404, statusText: "Not Found" });
  return row;
}

export function listQuestions({ formId, tx = db }: { formId: number; tx?: DbOrTx }) {
  return tx.select().from(q).where(eq(q.formId, formId)).orderBy(asc(q.position), asc(q.id)).all();
}

/** A form with its questions and how many answers each has, for the builder. */
export function getFormForAdmin({ formId }: { formId: number }) {
  const form = getFormRow({ formId });
  const programme = form.programmeId
    ? db
        .select({ id: schema.programmes.id, title: schema.programmes.title })
        .from(schema.programmes)
        .where(eq(schema.programmes.id, form.programmeId))
        .get()
    : null;
  const questions = db
    .select({ question: q, answers: sql<number>`(select count(*) from answers a where a.question_id = ${outer(q.id)})` })
    .from(q)
    .where(eq(q.formId, formId))
    .orderBy(asc(q.position), asc(q.id))
    .all()
    .map((r) => ({ ...r.question, answers: r.answers }));
  const responses = db.select({ n: count() }).from(schema.responses).where(eq(schema.responses.formId, formId)).get()!.n;
  return { form, programme, questions, responses };
}

export function getEvaluationFormId({ programmeId }: { programmeId: number }) {
  return (
    db
      .select({ id: f.id })
      .from(f)
      .where(and(eq(f.programmeId, programmeId), eq(f.kind, "evaluation")))
      .get()?.id ?? null
  );
}

export function listForms() {
  return db
    .select({
      id: f.id,
      kind: f.kind,
      title: f.title,
      anonymous: f.anonymous,
      status: f.status,
      opensAt: f.opensAt,
      closesAt: f.closesAt,
      programmeTitle: schema.programmes.title,
      programmeArchived: schema.programmes.archivedAt,
      questions: sql<number>`(select count(*) from questions x where x.form_id = ${outer(f.id)})`,
      responses: sql<number>`(select count(*) from responses r where r.form_id = ${outer(f.id)})`,
    })
    .from(f)
    .leftJoin(schema.programmes, eq(schema.programmes.id, f.programmeId))
    .orderBy(desc(f.kind), asc(f.title))
    .all();
}

// ---------------------------------------------------------------------------------------------------------
// Collecting answers
// ---------------------------------------------------------------------------------------------------------

export type FeedbackClosedReason =
  "not_started" | "closed" | "cancelled" | "form_closed" | "not_attended" | "booking_cancelled" | "not_open_yet";

export const CLOSED_MESSAGES: Record<FeedbackClosedReason, string> = {
  not_started: "Feedback for this session opens when it starts.",
  closed: "Feedback for this session has closed. Thank you for your interest.",
  cancelled: "This session was cancelled, so there is no feedback to give.",
  form_closed: "This form is closed. Thank you for your interest.",
  not_attended: "Our register shows you did not attend this session, so we are not asking for feedback. If that is wrong, please email us.",
  booking_cancelled: "This booking was cancelled, so there is no feedback to give.",
  not_open_yet: "This form is not open yet.",
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

function publicQuestions(formId: number): PublicQuestionRow[] {
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
const notFound = () => new Response("Form not found", { status: 404, statusText: "Not Found" });

/** The attendee's own feedback page: their session, the programme's form, and their earlier answers if any. */
export function getAttendeeFeedback({ token, now = clock() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound();
  const row = db
    .select({ booking: schema.bookings, session: schema.sessions, programme: schema.programmes })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.bookings.feedbackToken, token))
    .get();
  if (!row || row.booking.anonymisedAt) throw notFound();
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.programmeId, row.programme.id), eq(f.kind, "evaluation")))
    .get();
  if (!form) throw notFound();
  const questions = publicQuestions(form.id);
  const response = form.anonymous
    ? null
    : (db.select().from(schema.responses).where(eq(schema.responses.bookingId, row.booking.id)).get() ?? null);
  const previous = response
    ? answersToValues(questions, db.select().from(schema.answers).where(eq(schema.answers.responseId, response.id)).all())
    : null;
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
  if (!TOKEN.test(token)) throw notFound();
  const row = db
    .select({ session: schema.sessions, programme: schema.programmes })
    .from(schema.sessions)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(schema.sessions.feedbackToken, token))
    .get();
  if (!row) throw notFound();
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.programmeId, row.programme.id), eq(f.kind, "evaluation")))
    .get();
  if (!form) throw notFound();
  return {
    ...row,
    form,
    questions: publicQuestions(form.id),
    closed: sessionWindow(row.session, row.programme, form, now),
    closesAt: feedbackClosesAt(row.session, row.programme),
  };
}

export function getConsultation({ token, now = clock() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) throw notFound();
  const form = db
    .select()
    .from(f)
    .where(and(eq(f.publicToken, token), eq(f.kind, "consultation")))
    .get();
  if (!form || form.status === "draft") throw notFound();
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
  | { channel: "anonymous_link"; sessionToken: string }
  | { channel: "anonymous_link"; consultationToken: string };

/**
 * Validates and stores one response in a single transaction. Through an attendee's link on a named form,
 * a second submission replaces the first (its answers are deleted and written again); on an anonymous form
 * the response carries no booking and only the booking's "feedback given" day is recorded.
 */
export function submitFeedback({
  target,
  values,
  now = clock(),
}: {
  target: SubmitTarget;
  values: FormValues;
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

  const parsed = parseAnswers(context.questions, values, { anonymous: context.form.anonymous || !context.booking });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };

  return db.transaction(
    (tx) => {
      const linkBooking = context.booking && !context.form.anonymous ? context.booking.id : null;
      let responseId: number;
      let replaced = false;
      const existing = linkBooking
        ? tx.select({ id: schema.responses.id }).from(schema.responses).where(eq(schema.responses.bookingId, linkBooking)).get()
        : undefined;
      if (existing) {
        responseId = existing.id;
        replaced = true;
        tx.delete(schema.answers).where(eq(schema.answers.responseId, responseId)).run();
        tx.update(schema.responses).set({ updatedAt: now }).where(eq(schema.responses.id, responseId)).run();
      } else {
        responseId = tx
          .insert(schema.responses)
          .values({
            formId: context.form.id,
            sessionId: context.sessionId,
            bookingId: linkBooking,
            channel: target.channel,
            submittedAt: now,
            updatedAt: now,
          })
          .returning({ id: schema.responses.id })
          .get().id;
      }
      if (parsed.rows.length) {
        tx.insert(schema.answers)
          .values(parsed.rows.map((r: AnswerRow) => ({ ...r, responseId, formId: context.form.id, sessionId: context.sessionId })))
          .run();
      }
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

/** The session's secret for its anonymous feedback link, made on first use for sessions created before links existed. */
export function ensureSessionFeedbackToken({ sessionId }: { sessionId: number }): string {
  const current = db.select({ token: schema.sessions.feedbackToken }).from(schema.sessions).where(eq(schema.sessions.id, sessionId)).get();
  if (!current) throw new Response("Session not found", { status: 404 });
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
    if (!session) throw new Response("Session not found", { status: 404 });
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

export function countSessionResponses({ sessionId }: { sessionId: number }) {
  return db.select({ n: count() }).from(schema.responses).where(eq(schema.responses.sessionId, sessionId)).get()!.n;
}
