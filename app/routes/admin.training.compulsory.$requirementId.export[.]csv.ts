import type { LoaderFunctionArgs } from "@remix-run/node";

import { audit } from "~/models/audit.server";
import { COVERAGE_LABELS, getCoverage } from "~/models/compulsory.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { ukDateKey } from "~/utils/dates";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** Everyone in scope with their status: personal data, so signed-in staff only, and logged. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const coverage = getCoverage({ requirementId: idParam(params, "requirementId") });
  audit({
    userId: user.id,
    action: "requirement.export",
    entityType: "requirement",
    entityId: coverage.requirement.id,
    details: { rows: coverage.people.length },
    ipAddress: context.clientAddress,
  });
  return csvResponse(`compulsory-training-${coverage.requirement.id}.csv`, [
    ["Name", "Email", "Department", "Job role", "Status", "Last trained", "Refresher due", "Booked on a session on", "Waiting list"],
    ...coverage.people.map((p) => [
      p.name,
      p.email,
      p.department,
      p.jobRole,
      COVERAGE_LABELS[p.status],
      p.lastTrained ?? "",
      p.dueOn ?? "",
      p.booked ? ukDateKey(p.booked.startsAt) : "",
      p.booked?.waiting ? "yes" : "",
    ]),
  ]);
}
