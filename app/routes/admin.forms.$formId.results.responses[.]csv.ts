import type { LoaderFunctionArgs } from "@remix-run/node";

import { audit } from "~/models/audit.server";
import { consultationResponseRows } from "~/models/consultation-results.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** A consultation's responses, anonymised; every download is logged against the member of staff. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const formId = idParam(params, "formId");
  const rows = consultationResponseRows({ formId });
  audit({
    userId: user.id,
    action: "consultation.responses_export",
    entityType: "form",
    entityId: formId,
    details: { rows: rows.length - 1 },
    ipAddress: context.clientAddress,
  });
  return csvResponse(`consultation-${formId}-responses.csv`, rows);
}
