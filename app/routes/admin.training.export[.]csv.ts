import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/models/staff-session.server";
import { readTrainingFilter, trainingBreakdown } from "~/models/training.server";
import { csvResponse } from "~/utils/csv";

import { BREAKDOWN_LABELS, REPORT_ROLES } from "../../domain/vocabulary";

/** The training figures table as shown (aggregates only: no names or emails). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const filter = readTrainingFilter(new URL(request.url));
  const { totals, rows } = trainingBreakdown(filter);
  return csvResponse(`training-${filter.by}-${filter.allTime ? "all-time" : `${filter.from ?? "start"}-to-${filter.to ?? "now"}`}.csv`, [
    [BREAKDOWN_LABELS[filter.by].replace(/^By /, ""), "People", "Attendances"],
    ...rows.map((r) => [r.label, r.people, r.attendances]),
    ["Total (each person once)", totals.people, totals.attendances],
  ]);
}
