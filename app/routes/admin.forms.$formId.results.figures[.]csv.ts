import type { LoaderFunctionArgs } from "@remix-run/node";

import { consultationFigureRows, getConsultationResults } from "~/models/consultation-results.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** A consultation's figures: counts and percentages with their n, no personal data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const results = getConsultationResults({ formId: idParam(params, "formId") });
  return csvResponse(`consultation-${results.form.id}-figures.csv`, consultationFigureRows(results));
}
