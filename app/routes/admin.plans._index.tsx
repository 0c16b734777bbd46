import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listPlans } from "~/models/action-plan.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Action plans");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  return { plans: listPlans(), canEdit: user.role !== "reporter" };
}

const day = (key: string) => formatDate(new Date(`${key}T12:00:00Z`));

export default function Plans() {
  const { plans, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Action plans</h1>
      <p className="govuk-body">
        Strategic action plans, with each action&apos;s targets measured live from bookings, attendance and feedback.
      </p>
      {canEdit ? (
        <Link to="/admin/plans/import" className="govuk-button" data-module="govuk-button">
          Import a plan from a spreadsheet
        </Link>
      ) : null}
      {plans.length ? (
        <ul className="govuk-list">
          {plans.map((p) => (
            <li key={p.id}>
              <Link className="govuk-link" to={`/admin/plans/${p.id}`}>
                {p.title}
              </Link>{" "}
              <span className="app-meta">
                ({day(p.startsOn)} to {day(p.endsOn)})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No plans yet.</p>
      )}
    </>
  );
}
