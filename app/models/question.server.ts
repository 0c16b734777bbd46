/**
 * The question builder: the ten kinds of question, what each needs set up, and the rules that keep
 * answers meaningful (once a question has answers, its choices cannot change underneath them).
 */
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { FormRuleError, getFormRow } from "~/models/form.server";
import { OTHER } from "~/utils/answers";
import { clock } from "~/utils/clock.server";
import { notFound } from "~/utils/http.server";

import type { DbOrTx } from "../../db/client";
import { AGREEMENT_SCALE, type QuestionType, type QuestionConfig } from "../../domain/vocabulary";

const q = schema.questions;

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

export function getQuestionRow({ questionId, tx = db }: { questionId: number; tx?: DbOrTx }) {
  const row = tx.select().from(q).where(eq(q.id, questionId)).get();
  if (!row) throw notFound("Question not found");
  return row;
}

export function listQuestions({ formId, tx = db }: { formId: number; tx?: DbOrTx }) {
  return tx.select().from(q).where(eq(q.formId, formId)).orderBy(asc(q.position), asc(q.id)).all();
}
