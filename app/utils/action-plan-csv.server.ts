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
  /** The RAG status as written in the plan ("A", "Amber"…), or the status set by hand in our own export. */
  rag: string;
  /** Why the status was set by hand: only our own export carries it. */
  ragReason: string;
};

export type SkippedRow = { line: number; reason: string };

/** A column of the file the import does not use, and why. */
export type IgnoredColumn = { column: number; header: string; reason: string };

export type ParsedPlan = {
  rows: PlanRow[];
  skipped: SkippedRow[];
  /** Columns without which nothing can be imported. */
  missingColumns: string[];
  /** Columns the import would use if they were there: every action then has that field empty. */
  absentColumns: string[];
  ignoredColumns: IgnoredColumn[];
  unreadable?: string;
};

type Field = "priority" | "keyAction" | "deadline" | "outcome" | "lead" | "notes" | "rag" | "ragSetByHand" | "ragReason";

/**
 * Header names seen in councils' plans, and in our own export, mapped to our fields. Matching ignores case,
 * punctuation and digits; a header that starts with one of these and adds a qualifier ("RAG rating (Dec
 * 2020)", "Notes / update") matches too, unless another header matches exactly.
 */
const COLUMN_ALIASES: Record<Field, string[]> = {
  priority: ["priority", "priorities", "strategic priority", "priority area", "theme", "objective", "strategic objective"],
  keyAction: ["key action", "key actions", "action", "actions", "what we will do"],
  deadline: ["deadline", "deadlines", "due", "due date", "by when", "timescale", "timescales", "target date", "completion date"],
  outcome: ["outcome", "outcomes", "expected outcome", "expected outcomes", "measure of success", "success measure", "success measures"],
  lead: ["lead", "leads", "responsibility lead", "responsibility", "lead responsibility", "owner", "responsible", "lead officer", "who"],
  notes: ["notes", "note", "comments", "comment", "update", "updates", "progress update", "progress notes"],
  rag: ["rag", "rag rating", "rag status", "status", "rating", "rag rated"],
  ragSetByHand: ["rag set by hand"],
  ragReason: ["why the rag was set by hand"],
};

const LABELS: Record<Field, string> = {
  priority: "Priority",
  keyAction: "Key action",
  deadline: "Deadline",
  outcome: "Outcome",
  lead: "Lead",
  notes: "Notes",
  rag: "RAG rating",
  ragSetByHand: "RAG set by hand",
  ragReason: "Why the RAG was set by hand",
};

/** Columns of our own export that the service works out, so importing them would mean nothing. */
const COMPUTED = ["rag computed", "progress"];

const simplify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

/** Our CSV export puts an apostrophe before a cell starting = + - @ (so Excel cannot run it); reading it back takes it off. */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** Far more than any partnership's plan (the Safer City plan has about 40 actions); the plan page shows them all. */
export const MAX_PLAN_ROWS = 1000;

/** "RAG rating (Dec 2020)", "Notes / update": the alias, then a qualifier that starts with punctuation. */
const qualified = (alias: string) => new RegExp(`^\\W*${alias.split(" ").join("\\W+")}\\s*[^a-z\\s]`, "i");

/** Which column holds each field: exact names first, then names with a qualifier, each column used once. */
function findColumns(headers: string[]): Record<Field, number> {
  const simple = headers.map(simplify);
  const index = Object.fromEntries(Object.keys(COLUMN_ALIASES).map((f) => [f, -1])) as Record<Field, number>;
  const used = new Set<number>();
  const fields = Object.keys(COLUMN_ALIASES) as Field[];
  for (const field of fields) {
    const at = simple.findIndex((h, i) => !used.has(i) && COLUMN_ALIASES[field].includes(h));
    if (at >= 0) {
      index[field] = at;
      used.add(at);
    }
  }
  for (const field of fields) {
    if (index[field] >= 0) continue;
    const at = headers.findIndex(
      (h, i) => !used.has(i) && !COMPUTED.includes(simple[i]!) && COLUMN_ALIASES[field].some((a) => qualified(a).test(h)),
    );
    if (at >= 0) {
      index[field] = at;
      used.add(at);
    }
  }
  return index;
}

export function parseActionPlanCsv(text: string): ParsedPlan {
  const read = readCsv(text, { maxRows: MAX_PLAN_ROWS, what: "a plan" });
  if (!read.ok) return { rows: [], skipped: [], missingColumns: [], absentColumns: [], ignoredColumns: [], unreadable: read.message };
  const records = read.records;
  const headers = (records[0] ?? []).map((h) => h.trim());
  const index = findColumns(headers);
  const missingColumns = (["priority", "keyAction"] as const).filter((f) => index[f] < 0).map((f) => LABELS[f]);
  const absentColumns = (["deadline", "outcome", "lead", "notes", "rag"] as const)
    .filter((f) => index[f] < 0 && !(f === "rag" && index.ragSetByHand >= 0))
    .map((f) => LABELS[f]);
  // Our own export carries both the status shown and the status set by hand: the second is the one to keep,
  // as the first is worked out again from the plan's targets.
  const ragColumn = index.ragSetByHand >= 0 ? index.ragSetByHand : index.rag;
  const usedColumns = new Set([...Object.entries(index)].filter(([f]) => f !== "rag" || ragColumn === index.rag).map(([, i]) => i));
  const ignoredColumns: IgnoredColumn[] = headers.flatMap((header, i) =>
    usedColumns.has(i)
      ? []
      : [
          {
            column: i + 1,
            header: header || `(column ${i + 1}, no heading)`,
            reason:
              i === index.rag
                ? "the status shown is worked out again; the status set by hand is read from “RAG set by hand”"
                : COMPUTED.includes(simplify(header))
                  ? "worked out by the service from the plan’s targets"
                  : "not a column the service keeps",
          },
        ],
  );

  const rows: PlanRow[] = [];
  const skipped: SkippedRow[] = [];
  if (missingColumns.length) return { rows, skipped, missingColumns, absentColumns, ignoredColumns };

  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const at = (column: number) =>
      column >= 0
        ? unneutralise(record[column] ?? "")
            .replace(/\s+/g, " ")
            .trim()
        : "";
    const cell = (field: Field) => at(index[field]);
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
      rag: at(ragColumn),
      ragReason: index.ragSetByHand >= 0 ? cell("ragReason") : "",
    });
  });
  return { rows, skipped, missingColumns, absentColumns, ignoredColumns };
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
