import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { PlanTable } from "~/components/plan-table";
import { getPlanView } from "~/models/action-plan.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDate } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { RAG_LABELS } from "~/utils/rag";

import { REPORT_ROLES, type RagStatus } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.view.plan.title ?? "Action plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  return { view: getPlanView({ planId: idParam(params, "planId") }) };
}

export default function PrintPlan() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <article className="app-paper app-landscape">
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={`/admin/plans/${view.plan.id}`}>
          Back to the plan
        </Link>{" "}
        · Use your browser&apos;s Print command.
      </p>
      <h1 className="govuk-heading-l">{view.plan.title}</h1>
      <p className="govuk-body" data-testid="rag-as-of">
        RAG status as of {formatDate(new Date(`${view.today}T12:00:00Z`))}
        {view.ended ? ", the plan's end date: the plan has ended, so it is rated as it stood then" : ""}.
      </p>
      <RagKey />
      {view.priorities.map((p) => (
        <section key={p.id}>
          <h2 className="govuk-heading-m">{p.title}</h2>
          <PlanTable planId={view.plan.id} actions={p.actions} linkActions={false} filledRag />
        </section>
      ))}
    </article>
  );
}

const KEY: Array<[RagStatus, string]> = [
  ["complete", "Done: every target met"],
  ["green", "On track"],
  ["amber", "Behind, but recoverable"],
  ["red", "Off track, or the deadline passed without the target met"],
  ["blue", "Ongoing work, not due by a date"],
];

/** What each colour means, printed above the plan. */
function RagKey() {
  return (
    <table className="govuk-table app-rag-key" data-testid="rag-key">
      <caption className="govuk-table__caption govuk-table__caption--s">Key</caption>
      <tbody className="govuk-table__body">
        <tr className="govuk-table__row">
          {KEY.map(([status, meaning]) => (
            <td key={status} className={`govuk-table__cell app-rag-cell app-rag-cell--${status}`}>
              <strong>{RAG_LABELS[status]}</strong>: {meaning}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}
