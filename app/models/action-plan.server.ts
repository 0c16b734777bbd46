import { parse } from "csv-parse/sync";
import { asc, eq } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { parseDeadline } from "~/utils/deadline";
import type { DbOrTx } from "../../db/client";

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

export type ParsedPlan = { rows: PlanRow[]; skipped: SkippedRow[]; missingColumns: string[] };

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

const simplify = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, " ").trim();

export function parseActionPlanCsv(text: string): ParsedPlan {
  const records = parse(text.replace(/^\uFEFF/, ""), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    trim: false,
  }) as string[][];
  const header = (records[0] ?? []).map((h) => simplify(h));
  const index = Object.fromEntries(
    Object.entries(COLUMN_ALIASES).map(([field, aliases]) => [field, header.findIndex((h) => aliases.includes(h))]),
  ) as Record<keyof typeof COLUMN_ALIASES, number>;
  const missingColumns = (["priority", "keyAction"] as const).filter((f) => index[f] < 0).map((f) => (f === "keyAction" ? "Key action" : "Priority"));

  const rows: PlanRow[] = [];
  const skipped: SkippedRow[] = [];
  if (missingColumns.length) return { rows, skipped, missingColumns };

  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const cell = (field: keyof typeof COLUMN_ALIASES) => (index[field] >= 0 ? (record[index[field]] ?? "").replace(/\s+/g, " ").trim() : "");
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
