import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLevelsReport, levelFigureRows } from "~/models/levels-report.server";
import { aggregateRows, getEvaluationReport, rangeProblem, reportRangeFromUrl } from "~/models/report.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { idParam } from "~/utils/http.server";

import { REPORT_ROLES } from "../../domain/vocabulary";

/** The report's figures: counts and percentages only, no personal data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const programmeId = idParam(params, "programmeId");
  const url = new URL(request.url);
  const range = reportRangeFromUrl(url);
  const problem = rangeProblem(range);
  if (problem) throw new Response(problem, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const scope = { programmeId, sessionId: Number(url.searchParams.get("session")) || undefined, from: range.from, to: range.to };
  const report = getEvaluationReport({ scope });
  const levels = getLevelsReport({ scope, evaluation: report });
  return csvResponse(`${report.programme.slug}-figures.csv`, [
    ...aggregateRows(report),
    ...(levels.hasForms ? levelFigureRows(levels) : []),
  ]);
}
