/**
 * Feedback and consultation forms themselves: creating a consultation, each form's settings (title, opening
 * and closing dates, anonymity), and finding forms. Their questions are in question.server.ts; the answers
 * people send, in feedback.server.ts.
 */
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { insertStandardQuestions } from "~/models/programme.server";
import { clock } from "~/utils/clock.server";
import { addUkCalendar, parseDateKey, ukLocalToUtc, startOfUtcDay } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { outer } from "~/utils/sql.server";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import type { FormKind } from "../../domain/vocabulary";

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

const dateField = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || parseDateKey(v) !== null, `Enter a real date for ${label}, like 14 3 2027`);

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
      if (!form.anonymous && settings.anonymous) detachResponsesFromBookings(tx, form);
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

/** The booking's record that it answered this kind of form, which is all an anonymous form keeps. */
const GIVEN_COLUMN = { evaluation: "feedbackGivenAt", follow_up: "followUpGivenAt", manager: "managerGivenAt" } as const;

function detachResponsesFromBookings(tx: DbOrTx, { id: formId, kind }: { id: number; kind: FormKind }) {
  const linked = tx
    .select({ id: schema.responses.id, bookingId: schema.responses.bookingId, submittedAt: schema.responses.submittedAt })
    .from(schema.responses)
    .where(and(eq(schema.responses.formId, formId), sql`${schema.responses.bookingId} is not null`))
    .all();
  for (const r of linked) {
    tx.update(schema.bookings)
      .set({ [GIVEN_COLUMN[kind === "consultation" ? "evaluation" : kind]]: startOfUtcDay(r.submittedAt) })
      .where(eq(schema.bookings.id, r.bookingId!))
      .run();
  }
  tx.update(schema.responses).set({ bookingId: null }).where(eq(schema.responses.formId, formId)).run();
}

export function getFormRow({ formId, tx = db }: { formId: number; tx?: DbOrTx }) {
  const row = tx.select().from(f).where(eq(f.id, formId)).get();
  if (!row) throw notFound("Form not found");
  return row;
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
    .select({
      question: q,
      answers: sql<number>`(select count(*) from ${schema.answers} where ${schema.answers.questionId} = ${outer(q.id)})`,
    })
    .from(q)
    .where(eq(q.formId, formId))
    .orderBy(asc(q.position), asc(q.id))
    .all()
    .map((r) => ({ ...r.question, answers: r.answers }));
  const responses = db.select({ n: count() }).from(schema.responses).where(eq(schema.responses.formId, formId)).get()!.n;
  return { form, programme, questions, responses };
}

/** A programme's forms by kind: its evaluation and its two follow-ups, where it has them. */
export function programmeFormIds({ programmeId }: { programmeId: number }) {
  const rows = db.select({ id: f.id, kind: f.kind }).from(f).where(eq(f.programmeId, programmeId)).all();
  const of = (kind: FormKind) => rows.find((r) => r.kind === kind)?.id ?? null;
  return { evaluation: of("evaluation"), followUp: of("follow_up"), manager: of("manager") };
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
      questions: sql<number>`(select count(*) from ${q} where ${q.formId} = ${outer(f.id)})`,
      responses: sql<number>`(select count(*) from ${schema.responses} where ${schema.responses.formId} = ${outer(f.id)})`,
    })
    .from(f)
    .leftJoin(schema.programmes, eq(schema.programmes.id, f.programmeId))
    .orderBy(desc(f.kind), asc(f.title))
    .all();
}
