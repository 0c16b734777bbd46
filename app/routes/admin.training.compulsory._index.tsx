import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { countStaff, getCoverage, listRequirements } from "~/models/compulsory.server";
import { requireUser } from "~/models/staff-session.server";
import { pageTitle } from "~/utils/meta";
import { formatPercent, percent } from "~/utils/percent";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Compulsory training");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  return {
    staff: countStaff(),
    requirements: listRequirements().map((r) => ({ ...r, totals: getCoverage({ requirementId: r.id }).totals })),
    canEdit: user.role !== "reporter",
  };
}

export default function Compulsory() {
  const { staff, requirements, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/admin/training">Training figures</BackLink>
      <h1 className="govuk-heading-l">Compulsory training</h1>
      <p className="govuk-body">
        Who on the staff list has done the training they must do, and who is due a refresher. People are matched to attendances by email
        address.
      </p>
      <p className="govuk-body">
        The staff list has {staff.active} {staff.active === 1 ? "person" : "people"}
        {staff.left ? ` (and ${staff.left} who have left, kept for history)` : ""}.{" "}
        {canEdit ? (
          <Link className="govuk-link" to="/admin/training/compulsory/staff">
            Upload the staff list
          </Link>
        ) : null}
      </p>
      {canEdit ? (
        <Link to="/admin/training/compulsory/new" className="govuk-button" data-module="govuk-button">
          Add a requirement
        </Link>
      ) : null}
      {requirements.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Requirements and how many staff meet them</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Requirement
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Staff
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Trained and current
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Refresher due or overdue
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Not yet trained
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {requirements.map((r) => {
              const current = r.totals.trained + r.totals.dueSoon;
              return (
                <tr key={r.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/admin/training/compulsory/${r.id}`}>
                      {r.title}
                    </Link>
                    <br />
                    <span className="govuk-body-s app-meta">
                      {r.department ?? "Everyone on the staff list"}
                      {r.refresherMonths ? `, every ${r.refresherMonths} months` : ", once"}
                    </span>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.totals.staff}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {current} ({formatPercent(percent(current, r.totals.staff))})
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.totals.dueSoon + r.totals.overdue}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.totals.notTrained}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No requirements yet.</p>
      )}
    </>
  );
}
