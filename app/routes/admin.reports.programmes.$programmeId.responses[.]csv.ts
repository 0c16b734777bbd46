import type { LoaderFunctionArgs } from "@remix-run/node";

import { audit } from "~/models/audit.server";
import { getProgramme } from "~/models/programme.server";
import { anonymisedResponseRows, rangeProblem, reportRangeFromUrl } from "~/models/report.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** Every response, without names, emails, organisations or booking references. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const programme = getProgramme({ programmeId: idParam(params, "programmeId") });
  const url = new URL(request.url);
  const range = reportRangeFromUrl(url);
  const problem = rangeProblem(range);
  if (problem) throw new Response(problem, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const rows = anonymisedResponseRows({
    scope: { programmeId: programme.id, sessionId: Number(url.searchParams.get("session")) || undefined, from: range.from, to: range.to },
  });
  audit({
    userId: user.id,
    action: "report.export_responses",
    entityType: "programme",
    entityId: programme.id,
    details: { rows: rows.length - 1 },
    ipAddress: context.clientAddress,
  });
  return csvResponse(`${programme.slug}-responses.csv`, rows);
}
