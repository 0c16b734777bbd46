import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { PlanTable } from "~/components/plan-table";
import { getPlanView } from "~/models/action-plan.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDate } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.view.plan.title ?? "Action plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  return { view: getPlanView({ planId: idParam(params, "planId") }) };
}

export default function PrintPlan() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <article className="app-paper">
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={`/admin/plans/${view.plan.id}`}>
          Back to the plan
        </Link>{" "}
        · Use your browser&apos;s Print command.
      </p>
      <h1 className="govuk-heading-l">{view.plan.title}</h1>
      <p className="govuk-body">RAG status as of {formatDate(new Date(`${view.today}T12:00:00Z`))}.</p>
      {view.priorities.map((p) => (
        <section key={p.id}>
          <h2 className="govuk-heading-m">{p.title}</h2>
          <PlanTable planId={view.plan.id} actions={p.actions} linkActions={false} />
        </section>
      ))}
    </article>
  );
}
