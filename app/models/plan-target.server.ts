/** An action's targets: what each measures, over which window and programmes, and its figure today. */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { delivered } from "~/models/delivered.server";
import { PROGRAMME_LIST_ERROR, programmesExist } from "~/models/programme.server";
import { excluding, uncountedResponses } from "~/models/response-count.server";
import { clock } from "~/utils/clock.server";
import { FIRST_YEAR, isServiceDate, LAST_YEAR, parseDateKey, ukDayNumber, ukDayStart } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { percent } from "~/utils/percent";
import { PERCENT_METRICS } from "~/utils/rag";

import { SECTORS, TARGET_METRICS } from "../../domain/vocabulary";

/** A plan's action, or a 404 when it is not in that plan. */
export function getAction({ planId, actionId }: { planId: number; actionId: number }) {
  const row = db
    .select()
    .from(schema.planActions)
    .where(and(eq(schema.planActions.id, actionId), eq(schema.planActions.planId, planId)))
    .get();
  if (!row) throw notFound("Action not found");
  return row;
}

export type TargetRow = typeof schema.actionTargets.$inferSelect & { programmeIds: number[] };

const af = schema.attendanceFacts;
const s = schema.sessions;
const b = schema.bookings;
const a = schema.answers;
const q = schema.questions;
const f = schema.forms;

/**
 * A target's figure now. Sessions count when their date falls in the window (UK dates, inclusive); people
 * and organisations are counted once however many sessions they came to.
 */
export function measureTarget(target: TargetRow, now = clock()): { actual: number | null; n?: number; numerator?: number } {
  const from = ukDayNumber(target.windowStartsOn);
  const to = target.windowEndsOn ? ukDayNumber(target.windowEndsOn) : null;
  const programmes = target.programmeIds.length
    ? sql`and ${af.programmeId} in (${sql.join(
        target.programmeIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const sessionProgrammes = target.programmeIds.length
    ? sql`and ${s.programmeId} in (${sql.join(
        target.programmeIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  // Sessions are counted by the UK day they start on, as attendance facts are.
  const fromMs = ukDayStart(from).getTime();
  const toMs = to === null ? Number.MAX_SAFE_INTEGER : ukDayStart(to + 1).getTime();
  switch (target.metric) {
    case "people_trained":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(distinct ${af.personId}) as n from ${af} where ${af.day} between ${from} and ${to ?? 1e9} ${programmes}`,
        )!.n,
      };
    case "organisations_reached":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(distinct ${af.organisationId}) as n from ${af} where ${af.organisationId} is not null and ${af.day} between ${from} and ${to ?? 1e9} ${programmes} ${target.sector ? sql`and ${af.sector} = ${target.sector}` : sql``}`,
        )!.n,
      };
    case "sessions_delivered":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(*) as n from ${s} where ${delivered(now)} and ${s.startsAt} >= ${fromMs} and ${s.startsAt} < ${toMs} ${sessionProgrammes}`,
        )!.n,
      };
    case "bookings":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(*) as n from ${b} join ${s} on ${s.id} = ${b.sessionId} where ${b.status} = 'confirmed' and ${s.status} = 'scheduled' and ${s.startsAt} >= ${fromMs} and ${s.startsAt} < ${toMs} ${sessionProgrammes}`,
        )!.n,
      };
    case "pct_extremely_useful":
    case "pct_recommend":
    case "pct_applying": {
      // "Applying the learning" is the follow-up's yes/no question (ADR 026), asked of those who attended.
      const { metric, kind } = {
        pct_extremely_useful: { metric: "usefulness", kind: "evaluation" },
        pct_recommend: { metric: "recommend", kind: "evaluation" },
        pct_applying: { metric: "applied", kind: "follow_up" },
      }[target.metric];
      const questions = db.all<{ id: number; config: string }>(sql`
        select ${q.id}, ${q.config} from ${q} join ${f} on ${f.id} = ${q.formId}
        where ${q.metric} = ${metric} and ${f.kind} = ${kind} ${
          target.programmeIds.length
            ? sql`and ${f.programmeId} in (${sql.join(
                target.programmeIds.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql``
        }`);
      const windowSessions = sql`(select ${s.id} from ${s} where ${s.status} = 'scheduled' and ${s.startsAt} >= ${fromMs} and ${s.startsAt} < ${toMs})`;
      // Only the responses the reports count (ADR 009).
      const counted = excluding(uncountedResponses({ sessionIds: windowSessions }));
      let top = 0;
      let n = 0;
      for (const question of questions) {
        // The top box is the first answer of that programme's scale ("Extremely useful"); for the yes/no questions, "Yes".
        const wanted = metric !== "usefulness" ? "Yes" : ((JSON.parse(question.config) as { options?: string[] }).options?.[0] ?? "");
        const row = db.get<{ n: number; top: number }>(sql`
          select count(*) as n, coalesce(sum(${a.choice} = ${wanted}), 0) as top from ${a}
          where ${a.questionId} = ${question.id} and ${a.choice} is not null and ${a.sessionId} in ${windowSessions} ${counted}`)!;
        n += row.n;
        top += row.top;
      }
      return { actual: percent(top, n).value, n, numerator: top };
    }
  }
}

export const targetSchema = z
  .object({
    label: z
      .string()
      .trim()
      .min(1, "Describe the target, for example “Deliver training to 50 professionals”")
      .max(200, "Description must be 200 characters or fewer"),
    metric: z.enum(TARGET_METRICS, { error: "Select what is measured" }),
    targetValue: z
      .string()
      .trim()
      .min(1, "Enter the target number")
      .regex(/^\d+$/, "The target must be a whole number")
      .transform(Number)
      .pipe(z.number().min(1, "The target must be 1 or more").max(1_000_000, "The target must be 1,000,000 or fewer")),
    sector: z.enum(["", ...SECTORS]).default(""),
    windowStartsOn: z
      .string()
      .trim()
      .min(1, "Enter the date counting starts")
      .refine((v) => parseDateKey(v) !== null, "Enter a real date, like 1 4 2027")
      .refine((v) => parseDateKey(v) === null || isServiceDate(v), `Enter a date between ${FIRST_YEAR} and ${LAST_YEAR}`),
    windowEndsOn: z
      .string()
      .trim()
      .default("")
      .refine((v) => !v || parseDateKey(v) !== null, "Enter a real date, like 31 3 2028")
      .refine((v) => !v || parseDateKey(v) === null || isServiceDate(v), `Enter a date between ${FIRST_YEAR} and ${LAST_YEAR}`),
    programmeIds: z
      .array(z.string().regex(/^\d+$/, PROGRAMME_LIST_ERROR))
      .default([])
      .transform((ids) => ids.map(Number))
      .refine(programmesExist, PROGRAMME_LIST_ERROR),
  })
  .superRefine((v, ctx) => {
    if (PERCENT_METRICS.includes(v.metric) && v.targetValue > 100)
      ctx.addIssue({ code: "custom", path: ["targetValue"], message: "A percentage target must be 100 or less" });
    if (v.windowEndsOn && v.windowEndsOn < v.windowStartsOn)
      ctx.addIssue({ code: "custom", path: ["windowEndsOn"], message: "The end date must be on or after the start date" });
    if (v.sector && v.metric !== "organisations_reached")
      ctx.addIssue({ code: "custom", path: ["sector"], message: "A sector only applies to organisations reached" });
  });

export type TargetInput = z.output<typeof targetSchema>;

export function saveTarget({
  planId,
  actionId,
  targetId,
  input,
  userId,
}: {
  planId: number;
  actionId: number;
  targetId?: number;
  input: TargetInput;
  userId: number;
}) {
  return db.transaction((tx) => {
    getAction({ planId, actionId });
    const values = {
      actionId,
      label: input.label,
      metric: input.metric,
      targetValue: input.targetValue,
      sector: (input.sector || null) as TargetRow["sector"],
      windowStartsOn: input.windowStartsOn,
      windowEndsOn: input.windowEndsOn || null,
    };
    let id = targetId;
    if (id) {
      const existing = tx
        .select()
        .from(schema.actionTargets)
        .where(and(eq(schema.actionTargets.id, id), eq(schema.actionTargets.actionId, actionId)))
        .get();
      if (!existing) throw notFound("Target not found");
      tx.update(schema.actionTargets).set(values).where(eq(schema.actionTargets.id, id)).run();
      tx.delete(schema.actionTargetProgrammes).where(eq(schema.actionTargetProgrammes.targetId, id)).run();
    } else {
      id = tx.insert(schema.actionTargets).values(values).returning({ id: schema.actionTargets.id }).get().id;
    }
    for (const programmeId of new Set(input.programmeIds))
      tx.insert(schema.actionTargetProgrammes).values({ targetId: id, programmeId }).run();
    audit(
      {
        userId,
        action: targetId ? "plan.target_update" : "plan.target_add",
        entityType: "plan_action",
        entityId: actionId,
        details: { targetId: id, ...values },
      },
      tx,
    );
    return id;
  });
}

export function deleteTarget({
  planId,
  actionId,
  targetId,
  userId,
}: {
  planId: number;
  actionId: number;
  targetId: number;
  userId: number;
}) {
  db.transaction((tx) => {
    getAction({ planId, actionId });
    const removed = tx
      .delete(schema.actionTargets)
      .where(and(eq(schema.actionTargets.id, targetId), eq(schema.actionTargets.actionId, actionId)))
      .run().changes;
    if (!removed) throw notFound("Target not found");
    audit({ userId, action: "plan.target_delete", entityType: "plan_action", entityId: actionId, details: { targetId } }, tx);
  });
}

export function getTargetWithProgrammes({ actionId, targetId }: { actionId: number; targetId: number }) {
  const target = db
    .select()
    .from(schema.actionTargets)
    .where(and(eq(schema.actionTargets.id, targetId), eq(schema.actionTargets.actionId, actionId)))
    .get();
  if (!target) throw notFound("Target not found");
  const programmeIds = db
    .select({ id: schema.actionTargetProgrammes.programmeId })
    .from(schema.actionTargetProgrammes)
    .where(eq(schema.actionTargetProgrammes.targetId, targetId))
    .all()
    .map((r) => r.id);
  return { ...target, programmeIds };
}
