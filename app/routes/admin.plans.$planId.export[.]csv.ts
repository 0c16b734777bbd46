import type { LoaderFunctionArgs } from "@remix-run/node";

import { getPlanView, planExportRows } from "~/models/action-plan.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** The committee table: Key Actions, Deadline, Outcome, Responsibility/Lead, Notes, RAG rating (and progress). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const view = getPlanView({ planId: idParam(params, "planId") });
  return csvResponse(
    `${view.plan.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 60)}.csv`,
    planExportRows(view),
  );
}
