import { and, asc, count, eq, gt, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { delivered } from "~/models/delivered.server";
import { clock } from "~/utils/clock.server";
import { notFound } from "~/utils/http.server";
import { outer } from "~/utils/sql.server";
import { STANDARD_EVALUATION, STANDARD_FOLLOW_UP, STANDARD_MANAGER, type QuestionDefinition } from "~/utils/standard-evaluation";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import { PROGRAMME_CATEGORIES } from "../../domain/vocabulary";

const p = schema.programmes;

/** Words too common to give a topic away; everything else in a title must stay out of its public title. */
const GENERIC_WORDS = new Set([
  "and",
  "the",
  "for",
  "with",
  "from",
  "our",
  "your",
  "into",
  "about",
  "session",
  "sessions",
  "event",
  "events",
  "training",
]);

export function titleWords(title: string): string[] {
  return [...new Set(title.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])].filter((w) => w.length >= 3 && !GENERIC_WORDS.has(w));
}

const checkbox = z
  .union([z.literal("yes"), z.literal("on"), z.literal("true"), z.literal("")])
  .optional()
  .transform((v) => v === "yes" || v === "on" || v === "true");

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^\d+$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${min} or more`)
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} or fewer`),
    );

export const programmeSchema = z
  .object({
    title: z.string().trim().min(1, "Enter a title").max(150, "Title must be 150 characters or fewer"),
    summary: z.string().trim().min(1, "Enter a summary").max(300, "Summary must be 300 characters or fewer"),
    description: z.string().trim().max(5000, "Description must be 5,000 characters or fewer").default(""),
    aims: z
      .string()
      .max(4000, "Aims must be 4,000 characters or fewer in total")
      .default("")
      .transform((text) =>
        text
          .split(/\r?\n/)
          .map((line) => line.replace(/^\s*[-*•\d.)]+\s*/, "").trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(300, "Each aim must be 300 characters or fewer")).max(15, "List 15 aims or fewer")),
    audience: z.string().trim().max(200, "Audience must be 200 characters or fewer").default(""),
    category: z.enum(PROGRAMME_CATEGORIES, { error: "Select a category" }),
    defaultCapacity: wholeNumber("default capacity", 1, 1000),
    defaultDurationMinutes: wholeNumber("default length in minutes", 15, 1440),
    reminderDaysBefore: wholeNumber("number of days before for the reminder", 0, 28).default(2),
    followUpWeeks: wholeNumber("number of weeks after for the follow-up", 1, 52).default(8),
    askLineManager: checkbox,
    sensitive: checkbox,
    publicTitle: z.string().trim().max(150, "Public title must be 150 characters or fewer").default(""),
  })
  .superRefine((v, ctx) => {
    if (!v.sensitive) return;
    if (!v.publicTitle) {
      ctx.addIssue({ code: "custom", path: ["publicTitle"], message: "Enter a neutral public title for calendars and email subjects" });
      return;
    }
    const shared = titleWords(v.title).filter((w) => titleWords(v.publicTitle).includes(w));
    if (shared.length) {
      ctx.addIssue({
        code: "custom",
        path: ["publicTitle"],
        message: `The public title must not repeat words from the title, such as “${shared[0]}”`,
      });
    }
  });

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type ProgrammeData = z.output<typeof programmeSchema>;

export function slugify(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/g, "") || "programme"
  );
}

function uniqueSlug(tx: DbOrTx, title: string): string {
  const base = slugify(title);
  const taken = new Set(
    tx
      .select({ slug: p.slug })
      .from(p)
      .where(like(p.slug, `${base}%`))
      .all()
      .map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The standard evaluation form a new programme starts from (questions can be added or changed later). */
export function createStandardEvaluationForm({
  tx,
  programmeId,
  title,
  userId,
}: {
  tx: DbOrTx;
  programmeId: number;
  title: string;
  userId: number | null;
}) {
  const form = tx
    .insert(schema.forms)
    .values({ kind: "evaluation", programmeId, title: `Feedback: ${title}`, publicToken: newSecretToken(), createdBy: userId })
    .returning({ id: schema.forms.id })
    .get();
  insertStandardQuestions({ tx, formId: form.id });
  return form.id;
}

/**
 * The follow-up forms every programme has (ADR 026): the attendee's, sent weeks after the session, and their
 * line manager's, sent at the same time. Adds whichever the programme lacks, so it also serves programmes
 * made before follow-ups existed. Returns the ids of the forms it added.
 */
export function createFollowUpForms({
  tx,
  programmeId,
  title,
  userId,
}: {
  tx: DbOrTx;
  programmeId: number;
  title: string;
  userId: number | null;
}) {
  const have = new Set(
    tx
      .select({ kind: schema.forms.kind })
      .from(schema.forms)
      .where(eq(schema.forms.programmeId, programmeId))
      .all()
      .map((r) => r.kind),
  );
  const added: number[] = [];
  for (const [kind, prefix, questions] of [
    ["follow_up", "Follow-up", STANDARD_FOLLOW_UP],
    ["manager", "Line manager follow-up", STANDARD_MANAGER],
  ] as const) {
    if (have.has(kind)) continue;
    const form = tx
      .insert(schema.forms)
      .values({ kind, programmeId, title: `${prefix}: ${title}`, publicToken: newSecretToken(), createdBy: userId })
      .returning({ id: schema.forms.id })
      .get();
    insertStandardQuestions({ tx, formId: form.id, questions });
    added.push(form.id);
  }
  return added;
}

/** For a programme made before follow-ups existed: adds the standard follow-up forms. Audited. */
export function addFollowUpForms({ programmeId, userId }: { programmeId: number; userId: number }) {
  return db.transaction(
    (tx) => {
      const programme = getProgramme({ programmeId, tx });
      const added = createFollowUpForms({ tx, programmeId, title: programme.title, userId });
      if (added.length)
        audit(
          { userId, action: "programme.follow_up_forms", entityType: "programme", entityId: programmeId, details: { forms: added } },
          tx,
        );
      return added;
    },
    { behavior: "immediate" },
  );
}

/** Adds a standard list of questions to a form: the evaluation's unless told otherwise. */
export function insertStandardQuestions({
  tx,
  formId,
  questions = STANDARD_EVALUATION,
}: {
  tx: DbOrTx;
  formId: number;
  questions?: QuestionDefinition[];
}) {
  questions.forEach((q, i) => {
    tx.insert(schema.questions)
      .values({
        formId,
        position: i + 1,
        type: q.type,
        metric: q.metric,
        prompt: q.prompt,
        hint: q.hint ?? "",
        required: q.required,
        config: q.config,
      })
      .run();
  });
}

export function createProgramme({ data, userId, ipAddress }: { data: ProgrammeData; userId: number; ipAddress?: string }) {
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(p)
        .values({
          slug: uniqueSlug(tx, data.title),
          title: data.title,
          summary: data.summary,
          description: data.description,
          aims: data.aims,
          audience: data.audience,
          category: data.category,
          defaultCapacity: data.defaultCapacity,
          defaultDurationMinutes: data.defaultDurationMinutes,
          reminderDaysBefore: data.reminderDaysBefore,
          followUpWeeks: data.followUpWeeks,
          askLineManager: data.askLineManager,
          sensitive: data.sensitive,
          publicTitle: data.sensitive ? data.publicTitle : null,
          createdBy: userId,
        })
        .returning()
        .get();
      createStandardEvaluationForm({ tx, programmeId: row.id, title: row.title, userId });
      createFollowUpForms({ tx, programmeId: row.id, title: row.title, userId });
      audit(
        { userId, action: "programme.create", entityType: "programme", entityId: row.id, details: { title: row.title }, ipAddress },
        tx,
      );
      return row;
    },
    { behavior: "immediate" },
  );
}

export function updateProgramme({
  programmeId,
  data,
  userId,
  ipAddress,
}: {
  programmeId: number;
  data: ProgrammeData;
  userId: number;
  ipAddress?: string;
}) {
  return db.transaction(
    (tx) => {
      const before = getProgramme({ programmeId, tx });
      const values = {
        title: data.title,
        summary: data.summary,
        description: data.description,
        aims: data.aims,
        audience: data.audience,
        category: data.category,
        defaultCapacity: data.defaultCapacity,
        defaultDurationMinutes: data.defaultDurationMinutes,
        reminderDaysBefore: data.reminderDaysBefore,
        followUpWeeks: data.followUpWeeks,
        askLineManager: data.askLineManager,
        sensitive: data.sensitive,
        publicTitle: data.sensitive ? data.publicTitle : null,
      };
      tx.update(p)
        .set({ ...values, updatedAt: clock() })
        .where(eq(p.id, programmeId))
        .run();
      const changed = Object.fromEntries(
        Object.entries(values)
          .filter(([k, v]) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(v))
          .map(([k, v]) => [k, { before: before[k as keyof typeof before], after: v }]),
      );
      audit({ userId, action: "programme.update", entityType: "programme", entityId: programmeId, details: changed, ipAddress }, tx);
    },
    { behavior: "immediate" },
  );
}

export function setProgrammeArchived({
  programmeId,
  archived,
  userId,
  ipAddress,
}: {
  programmeId: number;
  archived: boolean;
  userId: number;
  ipAddress?: string;
}) {
  db.transaction((tx) => {
    getProgramme({ programmeId, tx });
    tx.update(p)
      .set({ archivedAt: archived ? clock() : null, updatedAt: clock() })
      .where(eq(p.id, programmeId))
      .run();
    audit(
      { userId, action: archived ? "programme.archive" : "programme.restore", entityType: "programme", entityId: programmeId, ipAddress },
      tx,
    );
  });
}

export function getProgramme({ programmeId, tx = db }: { programmeId: number; tx?: DbOrTx }) {
  const row = tx.select().from(p).where(eq(p.id, programmeId)).get();
  if (!row) throw notFound("Programme not found");
  return row;
}

export function listProgrammes({ archived = false, now = clock() }: { archived?: boolean; now?: Date } = {}) {
  const s = schema.sessions;
  return db
    .select({
      id: p.id,
      slug: p.slug,
      title: p.title,
      category: p.category,
      sensitive: p.sensitive,
      archivedAt: p.archivedAt,
      upcomingSessions: sql<number>`(select count(*) from ${s} where ${s.programmeId} = ${outer(p.id)} and ${s.status} = 'scheduled' and ${s.startsAt} > ${now.getTime()})`,
      pastSessions: sql<number>`(select count(*) from ${s} where ${s.programmeId} = ${outer(p.id)} and ${delivered(now, s)})`,
      nextSession: sql<
        number | null
      >`(select min(${s.startsAt}) from ${s} where ${s.programmeId} = ${outer(p.id)} and ${s.status} = 'scheduled' and ${s.startsAt} > ${now.getTime()})`,
    })
    .from(p)
    .where(archived ? isNotNull(p.archivedAt) : isNull(p.archivedAt))
    .orderBy(asc(p.title))
    .all()
    .map((row) => ({ ...row, nextSession: row.nextSession ? new Date(row.nextSession) : null }));
}

export const PROGRAMME_LIST_ERROR = "Select programmes from the list";

/** For forms that pick programmes by id: an id that is not a programme (a tampered or stale form) is refused
 * as bad input rather than reaching a foreign key. */
export function programmesExist(ids: number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return true;
  const found = db.select({ n: count() }).from(schema.programmes).where(inArray(schema.programmes.id, wanted)).get()!.n;
  return found === wanted.length;
}

export function countActiveProgrammes() {
  return db.select({ n: count() }).from(p).where(isNull(p.archivedAt)).get()?.n ?? 0;
}

export function programmeHasUpcomingSessions({ programmeId, now = clock() }: { programmeId: number; now?: Date }) {
  const s = schema.sessions;
  return (
    (db
      .select({ n: count() })
      .from(s)
      .where(and(eq(s.programmeId, programmeId), eq(s.status, "scheduled"), gt(s.startsAt, now)))
      .get()?.n ?? 0) > 0
  );
}

/** The words to show in calendars, feeds and subjects: the neutral public title for sensitive programmes. */
export function publicProgrammeTitle(programme: { title: string; sensitive: boolean; publicTitle: string | null }) {
  return programme.sensitive && programme.publicTitle ? programme.publicTitle : programme.title;
}
