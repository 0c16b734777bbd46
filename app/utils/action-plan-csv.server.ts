/**
 * Reading an action plan from the CSV a council exports from its spreadsheet: the columns found by their
 * usual names, each row kept or skipped with the reason, and deadlines read as dates where they are dates.
 */
import { readCsv } from "~/utils/csv-read.server";
import { parseDeadline } from "~/utils/deadline";

import type { RagStatus } from "../../domain/vocabulary";

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

/** Far more than any partnership's plan (the Safer City plan has about 40 actions); the plan page shows them all. */
export const MAX_PLAN_ROWS = 1000;

export function parseActionPlanCsv(text: string): ParsedPlan {
  const read = readCsv(text, { maxRows: MAX_PLAN_ROWS, what: "a plan" });
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
