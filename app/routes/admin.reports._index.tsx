import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listPlans } from "~/models/action-plan.server";
import { listForms } from "~/models/form.server";
import { listReportableProgrammes } from "~/models/report.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Reports");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  return {
    programmes: listReportableProgrammes(),
    plans: listPlans(),
    consultations: listForms()
      .filter((f) => f.kind === "consultation" && f.status !== "draft")
      .map((f) => ({ id: f.id, title: f.title, responses: f.responses })),
  };
}

export default function Reports() {
  const { programmes, plans, consultations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Reports</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Training figures</h2>
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/training">
              How many people were trained
            </Link>
            : by programme, organisation, sector, department, month and quarter.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/training/compulsory">
              Compulsory training
            </Link>
            : who on the staff list has done it, and who is due a refresher.
          </p>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Action plans</h2>
          <ul className="govuk-list">
            {plans.map((p) => (
              <li key={p.id}>
                <Link className="govuk-link" to={`/admin/plans/${p.id}`}>
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/plans">
              All action plans
            </Link>
          </p>
          {consultations.length ? (
            <>
              <h2 className="govuk-heading-m">Consultation results</h2>
              <ul className="govuk-list" data-testid="consultation-results">
                {consultations.map((c) => (
                  <li key={c.id}>
                    <Link className="govuk-link" to={`/admin/forms/${c.id}/results`}>
                      {c.title}
                    </Link>{" "}
                    <span className="app-meta">
                      ({c.responses} {c.responses === 1 ? "response" : "responses"})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
      <h2 className="govuk-heading-m">Evaluation reports</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Programmes with evaluation reports</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Programme
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Sessions delivered
            </th>
            <th scope="col" className="govuk-table__header">
              Latest
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {programmes.map((p) => (
            <tr key={p.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/reports/programmes/${p.id}`}>
                  {p.title}
                </Link>
                {p.archived ? <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Archived</strong> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{p.delivered}</td>
              <td className="govuk-table__cell">{p.last ? formatShortDate(new Date(p.last)) : "None yet"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
