import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { PlanTable, RagRules } from "~/components/plan-table";
import { RagTag } from "~/components/rag";
import { getPlanView } from "~/models/action-plan.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDate } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { REPORT_ROLES, RAG_STATUSES } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.view.plan.title ?? "Action plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  return { view: getPlanView({ planId: idParam(params, "planId") }), canEdit: user.role !== "reporter" };
}

const day = (key: string) => formatDate(new Date(`${key}T12:00:00Z`));

export default function Plan() {
  const { view, canEdit } = useLoaderData<typeof loader>();
  const all = view.priorities.flatMap((p) => p.actions);
  const counts = RAG_STATUSES.map((status) => ({ status, n: all.filter((a) => (a.ragOverride ?? a.computed?.status) === status).length }));
  return (
    <>
      <BackLink to="/admin/plans">Action plans</BackLink>
      <span className="govuk-caption-l">
        Action plan, {day(view.plan.startsOn)} to {day(view.plan.endsOn)}
      </span>
      <h1 className="govuk-heading-l">{view.plan.title}</h1>
      {view.plan.description ? <p className="govuk-body">{view.plan.description}</p> : null}
      <p className="govuk-body" data-testid="rag-summary">
        {all.length} actions, as of {day(view.today)}
        {view.ended ? " (the plan's end date: it has ended, so it is rated as it stood then)" : ""}:{" "}
        {counts
          .filter((c) => c.n)
          .map((c, i) => (
            <span key={c.status}>
              {i ? ", " : ""}
              {c.n} <RagTag status={c.status} />
            </span>
          ))}
        {all.filter((a) => !a.ragOverride && !a.computed).length
          ? `, ${all.filter((a) => !a.ragOverride && !a.computed).length} not measured`
          : ""}
        .
      </p>
      <div className="govuk-button-group app-no-print">
        <Link className="govuk-link" to={`/admin/plans/${view.plan.id}/print`}>
          Printable committee table
        </Link>
        <a className="govuk-link" href={`/admin/plans/${view.plan.id}/export.csv`} download>
          Download as CSV
        </a>
      </div>
      <RagRules />
      {view.priorities.map((p) => (
        <section key={p.id} aria-labelledby={`priority-${p.id}`}>
          <h2 className="govuk-heading-m" id={`priority-${p.id}`}>
            {p.title}
          </h2>
          {p.description ? <p className="govuk-body">{p.description}</p> : null}
          <PlanTable planId={view.plan.id} actions={p.actions} linkActions={canEdit} />
        </section>
      ))}
    </>
  );
}
