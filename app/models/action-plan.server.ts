/** Action plans: importing one, the committee's view of it with live targets and RAG, and setting a status by hand. */
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { getAction, measureTarget, type TargetRow } from "~/models/plan-target.server";
import { readImportedRag, type PlanRow } from "~/utils/action-plan-csv.server";
import { clock } from "~/utils/clock.server";
import { ukDateKey, ukDayNumber, ukDayStart } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { actionRag, PERCENT_METRICS, RAG_LABELS, targetRag } from "~/utils/rag";

import type { DbOrTx } from "../../db/client";
import { RAG_STATUSES, type RagStatus } from "../../domain/vocabulary";

/** Writes a parsed plan in one transaction: all of it or none. */
export function importActionPlan({
  title,
  startsOn,
  endsOn,
  description = "",
  rows,
  userId = null,
  tx = db,
}: {
  title: string;
  startsOn: string;
  endsOn: string;
  description?: string;
  rows: PlanRow[];
  userId?: number | null;
  tx?: DbOrTx;
}): number {
  const write = (t: DbOrTx) => {
    const plan = t
      .insert(schema.actionPlans)
      .values({ title, startsOn, endsOn, description, createdBy: userId })
      .returning({ id: schema.actionPlans.id })
      .get();
    const priorityIds = new Map<string, number>();
    const positions = new Map<number, number>();
    for (const row of rows) {
      let priorityId = priorityIds.get(row.priority);
      if (priorityId === undefined) {
        priorityId = t
          .insert(schema.planPriorities)
          .values({ planId: plan.id, position: priorityIds.size + 1, title: row.priority })
          .returning({ id: schema.planPriorities.id })
          .get().id;
        priorityIds.set(row.priority, priorityId);
      }
      const position = (positions.get(priorityId) ?? 0) + 1;
      positions.set(priorityId, position);
      t.insert(schema.planActions)
        .values({
          planId: plan.id,
          priorityId,
          position,
          keyAction: row.keyAction,
          deadlineText: row.deadlineText,
          deadlineOn: row.deadlineOn,
          ongoing: row.ongoing,
          outcome: row.outcome,
          lead: row.lead,
          notes: row.notes,
          importedRag: row.rag || null,
          // A status written in the imported plan is kept as an officer's status, with where it came from.
          ragOverride: readImportedRag(row.rag),
          // Our own export carries the reason it was set by hand; a council's plan only the status.
          ragOverrideReason: readImportedRag(row.rag) ? row.ragReason || `From the imported plan (“${row.rag}”)` : null,
          ragOverriddenBy: readImportedRag(row.rag) ? userId : null,
          ragOverriddenAt: readImportedRag(row.rag) ? clock() : null,
        })
        .run();
    }
    return plan.id;
  };
  return tx === db ? db.transaction((t) => write(t)) : write(tx);
}

export function findPlanByTitle({ title, tx = db }: { title: string; tx?: DbOrTx }) {
  return tx.select().from(schema.actionPlans).where(eq(schema.actionPlans.title, title)).get();
}

export function listPlans() {
  return db.select().from(schema.actionPlans).orderBy(asc(schema.actionPlans.startsOn)).all();
}

export type PlanView = ReturnType<typeof getPlanView>;

/** The whole plan as the committee sees it: each priority's actions, their targets' progress and RAG status. */
export function getPlanView({ planId, now = clock() }: { planId: number; now?: Date }) {
  const plan = db.select().from(schema.actionPlans).where(eq(schema.actionPlans.id, planId)).get();
  if (!plan) throw notFound("Action plan not found");
  // A plan that has ended is rated as it stood at its end, not against today: a committee reading a finished
  // plan wants its outcome, and later sessions must not count towards it.
  const ended = plan.endsOn < ukDateKey(now);
  const asOf = ended ? new Date(ukDayStart(ukDayNumber(plan.endsOn) + 1).getTime() - 1) : now;
  const today = ukDateKey(asOf);
  const priorities = db
    .select()
    .from(schema.planPriorities)
    .where(eq(schema.planPriorities.planId, planId))
    .orderBy(asc(schema.planPriorities.position))
    .all();
  const actions = db
    .select()
    .from(schema.planActions)
    .where(eq(schema.planActions.planId, planId))
    .orderBy(asc(schema.planActions.position))
    .all();
  // Selected by subquery rather than a list of ids: a plan of any size is one query, never "too many SQL variables".
  const actionIds = db.select({ id: schema.planActions.id }).from(schema.planActions).where(eq(schema.planActions.planId, planId));
  const targets = db
    .select()
    .from(schema.actionTargets)
    .where(inArray(schema.actionTargets.actionId, actionIds))
    .orderBy(asc(schema.actionTargets.id))
    .all();
  const links = db
    .select()
    .from(schema.actionTargetProgrammes)
    .where(
      inArray(
        schema.actionTargetProgrammes.targetId,
        db.select({ id: schema.actionTargets.id }).from(schema.actionTargets).where(inArray(schema.actionTargets.actionId, actionIds)),
      ),
    )
    .all();
  const programmeTitles = new Map(
    db
      .select({ id: schema.programmes.id, title: schema.programmes.title })
      .from(schema.programmes)
      .all()
      .map((p) => [p.id, p.title]),
  );

  const measuredTargets = targets.map((t) => {
    const row: TargetRow = { ...t, programmeIds: links.filter((l) => l.targetId === t.id).map((l) => l.programmeId) };
    // Once the plan has ended, nothing after its end counts towards it.
    const measured = ended && (!row.windowEndsOn || row.windowEndsOn > today) ? { ...row, windowEndsOn: today } : row;
    const measure = measureTarget(measured, asOf);
    const rag = targetRag(
      {
        metric: t.metric,
        target: t.targetValue,
        actual: measure.actual,
        n: measure.n,
        numerator: measure.numerator,
        windowStartsOn: t.windowStartsOn,
        windowEndsOn: t.windowEndsOn,
      },
      today,
    );
    const isPercent = PERCENT_METRICS.includes(t.metric);
    return {
      ...row,
      programmes: row.programmeIds.map((id) => programmeTitles.get(id) ?? `Programme ${id}`),
      actual: measure.actual,
      n: measure.n ?? null,
      isPercent,
      // How far along: the count against the target, or the percentage itself against 100.
      progress:
        measure.actual === null ? 0 : Math.min(100, isPercent ? measure.actual : Math.round((measure.actual / t.targetValue) * 100)),
      rag,
    };
  });

  const actionViews = actions.map((a) => {
    const mine = measuredTargets.filter((t) => t.actionId === a.id);
    return {
      ...a,
      targets: mine,
      computed: actionRag(
        mine.map((t) => t.rag),
        { ongoing: a.ongoing },
      ),
    };
  });
  return {
    plan,
    today,
    /** True when the plan's end date has passed: `today` is then its end date. */
    ended,
    priorities: priorities.map((p) => ({ ...p, actions: actionViews.filter((a) => a.priorityId === p.id) })),
  };
}

export const overrideSchema = z
  .object({
    ragOverride: z.enum(["", ...RAG_STATUSES], { error: "Select a status" }),
    ragOverrideReason: z.string().trim().max(500, "Reason must be 500 characters or fewer").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.ragOverride && !v.ragOverrideReason)
      ctx.addIssue({
        code: "custom",
        path: ["ragOverrideReason"],
        message: "Give the reason for setting the status by hand, for example “Delayed due to COVID-19”",
      });
  });

export function setOverride({
  planId,
  actionId,
  status,
  reason,
  userId,
}: {
  planId: number;
  actionId: number;
  status: RagStatus | null;
  reason: string;
  userId: number;
}) {
  db.transaction((tx) => {
    getAction({ planId, actionId });
    tx.update(schema.planActions)
      .set({
        ragOverride: status,
        ragOverrideReason: status ? reason : null,
        ragOverriddenBy: status ? userId : null,
        ragOverriddenAt: status ? clock() : null,
        updatedAt: clock(),
      })
      .where(eq(schema.planActions.id, actionId))
      .run();
    audit(
      {
        userId,
        action: status ? "plan.override" : "plan.override_clear",
        entityType: "plan_action",
        entityId: actionId,
        details: { status, reason },
      },
      tx,
    );
  });
}

/**
 * The committee table: Key Actions, Deadline, Outcome, Responsibility/Lead, Notes, RAG rating (the status
 * shown), then what the service keeps apart from it: the status set by hand and why, the status worked out
 * from targets, and their progress. Importing the file again gives the same plan (targets aside, which live in
 * the service): the importer reads the status set by hand and leaves the worked-out columns.
 */
export function planExportRows(view: PlanView): unknown[][] {
  const rows: unknown[][] = [
    [
      "Priority",
      "Key Actions",
      "Deadline",
      "Outcome",
      "Responsibility/Lead",
      "Notes",
      "RAG rating",
      "RAG set by hand",
      "Why the RAG was set by hand",
      "RAG computed",
      "Progress",
    ],
  ];
  for (const p of view.priorities) {
    for (const a of p.actions) {
      const shown = a.ragOverride ?? a.computed?.status ?? null;
      rows.push([
        p.title,
        a.keyAction,
        a.deadlineText,
        a.outcome,
        a.lead,
        a.notes,
        shown ? RAG_LABELS[shown] : "",
        a.ragOverride ? RAG_LABELS[a.ragOverride] : "",
        a.ragOverride ? (a.ragOverrideReason ?? "") : "",
        a.computed ? RAG_LABELS[a.computed.status] : "",
        a.targets
          .map((t) => `${t.label}: ${t.actual ?? "–"}${t.isPercent ? "%" : ""} of ${t.targetValue}${t.isPercent ? "%" : ""}`)
          .join("; "),
      ]);
    }
  }
  return rows;
}
