/**
 * L&D figures: how many people were trained (attended), by programme, organisation, sector, department or
 * team, month and quarter; unique people and attendances both. Read from attendance_facts, whose covering
 * indexes make each breakdown one index scan (docs/decisions/010-reporting-speed.md).
 * Dates are sessions' dates; ranges are inclusive.
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { formatMonthKey, isServiceDate, ukDateKey, ukDayNumber } from "~/utils/dates";
import { formValues, str } from "~/utils/forms";

import { BREAKDOWN_LABELS, BREAKDOWNS, SECTOR_LABELS, type Breakdown, type Sector } from "../../domain/vocabulary";

export { BREAKDOWN_LABELS, BREAKDOWNS, type Breakdown };

export const trainingFilterSchema = z.object({
  by: z.enum(BREAKDOWNS).catch("programme"),
  from: z
    .string()
    .optional()
    .transform((v) => (v && isServiceDate(v) ? v : null)),
  to: z
    .string()
    .optional()
    .transform((v) => (v && isServiceDate(v) ? v : null)),
  programme: z.coerce.number().int().positive().optional().catch(undefined),
});
export type TrainingFilter = z.output<typeof trainingFilterSchema>;

const af = schema.attendanceFacts;
const p = schema.programmes;
const o = schema.organisations;
const d = schema.departmentKeys;

function where(filter: TrainingFilter): SQL {
  const from = filter.from ? ukDayNumber(filter.from) : -1e9;
  const to = filter.to ? ukDayNumber(filter.to) : 1e9;
  return sql`${af.day} between ${from} and ${to} ${filter.programme ? sql`and ${af.programmeId} = ${filter.programme}` : sql``}`;
}

export type TrainingRow = { key: string; label: string; attendances: number; people: number };

/** One breakdown: each group's attendances and unique people, largest first (months and quarters in order). */
export function trainingBreakdown(filter: TrainingFilter): { totals: { attendances: number; people: number }; rows: TrainingRow[] } {
  const w = where(filter);
  const totals = db.get<{ attendances: number; people: number }>(
    sql`select count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_person_idx where ${w}`,
  )!;
  let rows: TrainingRow[];
  switch (filter.by) {
    case "programme":
      rows = db
        .all<{ id: number; title: string | null; attendances: number; people: number }>(
          sql`
          select f.id, ${p.title}, f.attendances, f.people from (
            select ${af.programmeId} as id, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_programme_idx
            where ${w} group by ${af.programmeId}) f left join ${p} on ${p.id} = f.id order by f.people desc`,
        )
        .map((r) => ({ key: String(r.id), label: r.title ?? `Programme ${r.id}`, attendances: r.attendances, people: r.people }));
      break;
    case "organisation":
      rows = db
        .all<{ id: number | null; name: string | null; attendances: number; people: number }>(
          sql`
          select f.id, ${o.name}, f.attendances, f.people from (
            select ${af.organisationId} as id, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_organisation_idx
            where ${w} group by ${af.organisationId}) f left join ${o} on ${o.id} = f.id order by f.people desc, ${o.name}`,
        )
        .map((r) => ({ key: String(r.id ?? "none"), label: r.name ?? "Not recorded", attendances: r.attendances, people: r.people }));
      break;
    case "sector":
      rows = db
        .all<{ sector: Sector; attendances: number; people: number }>(
          sql`
          select ${af.sector}, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_sector_idx
          where ${w} group by ${af.sector} order by people desc`,
        )
        .map((r) => ({ key: r.sector, label: SECTOR_LABELS[r.sector] ?? r.sector, attendances: r.attendances, people: r.people }));
      break;
    case "department":
      rows = db
        .all<{ id: number | null; label: string | null; attendances: number; people: number }>(
          sql`
          select f.id, ${d.label}, f.attendances, f.people from (
            select ${af.departmentId} as id, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_department_idx
            where ${w} group by ${af.departmentId}) f left join ${d} on ${d.id} = f.id order by f.people desc, ${d.label}`,
        )
        .flatMap((r) => {
          if (r.id !== null) return [{ key: String(r.id), label: r.label ?? "", attendances: r.attendances, people: r.people }];
          // No department: a council officer who did not say, or someone from another organisation, who has no
          // council department to give. Only the first is missing information.
          return db
            .all<{ council: number; attendances: number; people: number }>(
              sql`
              select ${af.sector} = 'council_department' as council, count(*) as attendances, count(distinct ${af.personId}) as people
              from ${af} indexed by attendance_facts_department_idx where ${af.departmentId} is null and ${w} group by 1 order by 1 desc`,
            )
            .map((n) => ({
              key: n.council ? "none-council" : "none-other",
              label: n.council ? "Council staff: department not given" : "Other organisations (no council department)",
              attendances: n.attendances,
              people: n.people,
            }));
        })
        .sort((a, b) => b.people - a.people || a.label.localeCompare(b.label));
      break;
    case "month":
      rows = db
        .all<{ month: number; attendances: number; people: number }>(
          sql`
          select ${af.month}, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_month_idx
          where ${w} group by ${af.month} order by ${af.month}`,
        )
        .map((r) => {
          const label = formatMonthKey(`${Math.floor(r.month / 100)}-${String(r.month % 100).padStart(2, "0")}`);
          return { key: String(r.month), label, attendances: r.attendances, people: r.people };
        });
      break;
    case "quarter":
      rows = db
        .all<{ quarter: number; attendances: number; people: number }>(
          sql`
          select ${af.quarter}, count(*) as attendances, count(distinct ${af.personId}) as people from ${af} indexed by attendance_facts_quarter_idx
          where ${w} group by ${af.quarter} order by ${af.quarter}`,
        )
        .map((r) => {
          const year = Math.floor(r.quarter / 10);
          const q = r.quarter % 10;
          const months = ["January to March", "April to June", "July to September", "October to December"][q - 1];
          return { key: String(r.quarter), label: `${months} ${year}`, attendances: r.attendances, people: r.people };
        });
      break;
  }
  return { totals, rows };
}

/** Reads the page's filters; with no dates given, the last 12 months. `range=all` asks for every date. */
export function readTrainingFilter(url: URL, now = clock()): TrainingFilter & { allTime: boolean } {
  const allTime = url.searchParams.get("range") === "all";
  // Typed as GOV.UK's date input (day, month, year), or a whole date in a link.
  const dates = formValues(url.searchParams);
  const filter = trainingFilterSchema.parse({
    by: url.searchParams.get("by") ?? undefined,
    from: str(dates, "from") || undefined,
    to: str(dates, "to") || undefined,
    programme: url.searchParams.get("programme") || undefined,
  });
  if (!allTime && !filter.from && !filter.to) {
    const yearAgo = new Date(now);
    yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
    filter.from = ukDateKey(new Date(yearAgo.getTime() + 86_400_000));
    filter.to = ukDateKey(now);
  }
  return { ...filter, allTime };
}
