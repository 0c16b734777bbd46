import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { PROGRAMME_LIST_ERROR, programmesExist } from "~/models/programme.server";
import { clock } from "~/utils/clock.server";
import { readCsv } from "~/utils/csv-read.server";
import { parseDateKey, ukDateKey, ukDayNumber, ukDayStart } from "~/utils/dates";
import { parseDeadline } from "~/utils/deadline";
import { percent } from "~/utils/percent";
import { actionRag, PERCENT_METRICS, RAG_LABELS, targetRag } from "~/utils/rag";

import type { DbOrTx } from "../../db/client";
import { RAG_STATUSES, SECTORS, TARGET_METRICS, type RagStatus } from "../../domain/vocabulary";

export type PlanRow = {
  /** 1-based line in the file, counting the header as line 1, so officers can find it in Excel. */
  line: number;
  priority: string;
  keyAction: string;
  deadlineText: string;
  deadlineOn: string | null;
  ongoing: boolean;
  outcome: string;
  lead: string;
  notes: string;
  rag: string;
};

export type SkippedRow = { line: number; reason: string };

export type ParsedPlan = { rows: PlanRow[]; skipped: SkippedRow[]; missingColumns: string[]; unreadable?: string };

/** Header names seen in councils' plans, mapped to our fields. Matching ignores case and punctuation. */
const COLUMN_ALIASES: Record<keyof Omit<PlanRow, "line" | "deadlineOn" | "ongoing" | "deadlineText"> | "deadline", string[]> = {
  priority: ["priority", "strategic priority", "priority area"],
  keyAction: ["key action", "key actions", "action", "actions"],
  deadline: ["deadline", "deadlines", "due", "due date", "by when"],
  outcome: ["outcome", "outcomes", "expected outcome"],
  lead: ["lead", "responsibility lead", "responsibility", "owner", "responsible"],
  notes: ["notes", "note", "comments", "update"],
  rag: ["rag", "rag rating", "rag status", "status"],
};

const simplify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

export function parseActionPlanCsv(text: string): ParsedPlan {
  const read = readCsv(text);
  if (!read.ok) return { rows: [], skipped: [], missingColumns: [], unreadable: read.message };
  const records = read.records;
  const header = (records[0] ?? []).map((h) => simplify(h));
  const index = Object.fromEntries(
    Object.entries(COLUMN_ALIASES).map(([field, aliases]) => [field, header.findIndex((h) => aliases.includes(h))]),
  ) as Record<keyof typeof COLUMN_ALIASES, number>;
  const missingColumns = (["priority", "keyAction"] as const)
    .filter((f) => index[f] < 0)
    .map((f) => (f === "keyAction" ? "Key action" : "Priority"));

  const rows: PlanRow[] = [];
  const skipped: SkippedRow[] = [];
  if (missingColumns.length) return { rows, skipped, missingColumns };

  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const cell = (field: keyof typeof COLUMN_ALIASES) =>
      index[field] >= 0 ? (record[index[field]] ?? "").replace(/\s+/g, " ").trim() : "";
    if (record.every((c) => !c.trim())) {
      skipped.push({ line, reason: "The row is empty" });
      return;
    }
    const keyAction = cell("keyAction");
    const priority = cell("priority");
    if (!keyAction) {
      skipped.push({ line, reason: "The row has no key action" });
      return;
    }
    if (!priority) {
      skipped.push({ line, reason: "The row has no priority" });
      return;
    }
    const deadlineText = cell("deadline");
    const { date, ongoing } = parseDeadline(deadlineText);
    rows.push({
      line,
      priority,
      keyAction,
      deadlineText,
      deadlineOn: date,
      ongoing,
      outcome: cell("outcome"),
      lead: cell("lead"),
      notes: cell("notes"),
      rag: cell("rag"),
    });
  });
  return { rows, skipped, missingColumns };
}

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
          ragOverrideReason: readImportedRag(row.rag) ? `From the imported plan (“${row.rag}”)` : null,
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

// ---------------------------------------------------------------------------------------------------------
// Targets, measured live, and RAG status
// ---------------------------------------------------------------------------------------------------------

type TargetRow = typeof schema.actionTargets.$inferSelect & { programmeIds: number[] };

/**
 * A target's figure now. Sessions count when their date falls in the window (UK dates, inclusive); people
 * and organisations are counted once however many sessions they came to.
 */
export function measureTarget(target: TargetRow, now = clock()): { actual: number | null; n?: number } {
  const from = ukDayNumber(target.windowStartsOn);
  const to = target.windowEndsOn ? ukDayNumber(target.windowEndsOn) : null;
  const programmes = target.programmeIds.length
    ? sql`and programme_id in (${sql.join(
        target.programmeIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const sessionProgrammes = target.programmeIds.length
    ? sql`and s.programme_id in (${sql.join(
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
          sql`select count(distinct person_id) as n from attendance_facts where day between ${from} and ${to ?? 1e9} ${programmes}`,
        )!.n,
      };
    case "organisations_reached":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(distinct organisation_id) as n from attendance_facts where organisation_id is not null and day between ${from} and ${to ?? 1e9} ${programmes} ${target.sector ? sql`and sector = ${target.sector}` : sql``}`,
        )!.n,
      };
    case "sessions_delivered":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(*) as n from sessions s where s.status = 'scheduled' and s.ends_at <= ${now.getTime()} and s.starts_at >= ${fromMs} and s.starts_at < ${toMs} ${sessionProgrammes}`,
        )!.n,
      };
    case "bookings":
      return {
        actual: db.get<{ n: number }>(
          sql`select count(*) as n from bookings b join sessions s on s.id = b.session_id where b.status = 'confirmed' and s.status = 'scheduled' and s.starts_at >= ${fromMs} and s.starts_at < ${toMs} ${sessionProgrammes}`,
        )!.n,
      };
    case "pct_extremely_useful":
    case "pct_recommend": {
      const metric = target.metric === "pct_recommend" ? "recommend" : "usefulness";
      const questions = db.all<{ id: number; config: string }>(sql`
        select q.id, q.config from questions q join forms f on f.id = q.form_id
        where q.metric = ${metric} and f.kind = 'evaluation' ${
          target.programmeIds.length
            ? sql`and f.programme_id in (${sql.join(
                target.programmeIds.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql``
        }`);
      let top = 0;
      let n = 0;
      for (const q of questions) {
        // The top box is the first answer of that programme's scale ("Extremely useful"); for recommending, "Yes".
        const wanted = metric === "recommend" ? "Yes" : ((JSON.parse(q.config) as { options?: string[] }).options?.[0] ?? "");
        const row = db.get<{ n: number; top: number }>(sql`
          select count(*) as n, coalesce(sum(a.choice = ${wanted}), 0) as top from answers a
          where a.question_id = ${q.id} and a.choice is not null
            and a.session_id in (select id from sessions s where s.status = 'scheduled' and s.starts_at >= ${fromMs} and s.starts_at < ${toMs})`)!;
        n += row.n;
        top += row.top;
      }
      return { actual: percent(top, n).value, n };
    }
  }
}

export type PlanView = ReturnType<typeof getPlanView>;

/** The whole plan as the committee sees it: each priority's actions, their targets' progress and RAG status. */
export function getPlanView({ planId, now = clock() }: { planId: number; now?: Date }) {
  const plan = db.select().from(schema.actionPlans).where(eq(schema.actionPlans.id, planId)).get();
  if (!plan) throw new Response("Action plan not found", { status: 404, statusText: "Not Found" });
  const today = ukDateKey(now);
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
  const actionIds = actions.map((a) => a.id);
  const targets = actionIds.length
    ? db
        .select()
        .from(schema.actionTargets)
        .where(inArray(schema.actionTargets.actionId, actionIds))
        .orderBy(asc(schema.actionTargets.id))
        .all()
    : [];
  const links = targets.length
    ? db
        .select()
        .from(schema.actionTargetProgrammes)
        .where(
          inArray(
            schema.actionTargetProgrammes.targetId,
            targets.map((t) => t.id),
          ),
        )
        .all()
    : [];
  const programmeTitles = new Map(
    db
      .select({ id: schema.programmes.id, title: schema.programmes.title })
      .from(schema.programmes)
      .all()
      .map((p) => [p.id, p.title]),
  );

  const measuredTargets = targets.map((t) => {
    const row: TargetRow = { ...t, programmeIds: links.filter((l) => l.targetId === t.id).map((l) => l.programmeId) };
    const measure = measureTarget(row, now);
    const rag = targetRag(
      {
        metric: t.metric,
        target: t.targetValue,
        actual: measure.actual,
        n: measure.n,
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

export function getAction({ planId, actionId }: { planId: number; actionId: number }) {
  const row = db
    .select()
    .from(schema.planActions)
    .where(and(eq(schema.planActions.id, actionId), eq(schema.planActions.planId, planId)))
    .get();
  if (!row) throw new Response("Action not found", { status: 404, statusText: "Not Found" });
  return row;
}

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
      .refine((v) => parseDateKey(v) !== null, "Enter a real date, like 2027-04-01"),
    windowEndsOn: z
      .string()
      .trim()
      .default("")
      .refine((v) => !v || parseDateKey(v) !== null, "Enter a real date, like 2028-03-31"),
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
      if (!existing) throw new Response("Target not found", { status: 404 });
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
    if (!removed) throw new Response("Target not found", { status: 404 });
    audit({ userId, action: "plan.target_delete", entityType: "plan_action", entityId: actionId, details: { targetId } }, tx);
  });
}

export function getTargetWithProgrammes({ actionId, targetId }: { actionId: number; targetId: number }) {
  const target = db
    .select()
    .from(schema.actionTargets)
    .where(and(eq(schema.actionTargets.id, targetId), eq(schema.actionTargets.actionId, actionId)))
    .get();
  if (!target) throw new Response("Target not found", { status: 404, statusText: "Not Found" });
  const programmeIds = db
    .select({ id: schema.actionTargetProgrammes.programmeId })
    .from(schema.actionTargetProgrammes)
    .where(eq(schema.actionTargetProgrammes.targetId, targetId))
    .all()
    .map((r) => r.id);
  return { ...target, programmeIds };
}

/** The committee table: Key Actions, Deadline, Outcome, Responsibility/Lead, Notes, RAG rating. */
export function planExportRows(view: PlanView): unknown[][] {
  const rows: unknown[][] = [
    ["Priority", "Key Actions", "Deadline", "Outcome", "Responsibility/Lead", "Notes", "RAG rating", "RAG computed", "Progress"],
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
        [a.notes, a.ragOverride ? `Status set by hand: ${a.ragOverrideReason}` : ""].filter(Boolean).join(" "),
        shown ? RAG_LABELS[shown] : "",
        a.computed ? RAG_LABELS[a.computed.status] : "",
        a.targets
          .map((t) => `${t.label}: ${t.actual ?? "–"}${t.isPercent ? "%" : ""} of ${t.targetValue}${t.isPercent ? "%" : ""}`)
          .join("; "),
      ]);
    }
  }
  return rows;
}

/** RAG as written in an imported plan ("R", "Amber", "Complete"…), or null if it is not one we know. */
export function readImportedRag(text: string): RagStatus | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  if (["r", "red"].includes(t)) return "red";
  if (["a", "amber", "yellow"].includes(t)) return "amber";
  if (["g", "green"].includes(t)) return "green";
  if (["b", "blue", "ongoing"].includes(t)) return "blue";
  if (["c", "complete", "completed", "done"].includes(t)) return "complete";
  return null;
}
