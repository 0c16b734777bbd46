import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { COVERAGE_LABELS, getCoverage } from "~/models/compulsory.server";
import { listProgrammes } from "~/models/programme.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDate, ukDateKey } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { formatPercent, percent } from "~/utils/percent";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.coverage.requirement.title ?? "Requirement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const { people, ...coverage } = getCoverage({ requirementId: idParam(params, "requirementId") });
  const titles = new Map([...listProgrammes(), ...listProgrammes({ archived: true })].map((p) => [p.id, p.title]));
  // Only the people the page lists leave the server: a staff list runs to thousands of names and emails.
  const department = new URL(request.url).searchParams.get("department")?.trim() ?? "";
  const needAction = people.filter(
    (p) => p.status !== "trained" && (!department || p.department.trim().toLowerCase() === department.toLowerCase()),
  );
  return {
    coverage,
    department: coverage.departments.some((d) => d.department.trim().toLowerCase() === department.toLowerCase()) ? department : "",
    needAction: needAction
      .slice(0, PEOPLE_SHOWN)
      .map(({ booked, ...p }) => ({ ...p, booked: booked ? { on: ukDateKey(booked.startsAt), waiting: booked.waiting } : null })),
    needActionCount: needAction.length,
    programmes: coverage.requirement.programmeIds.map((id) => titles.get(id) ?? `Programme ${id}`),
    canEdit: user.role !== "reporter",
    labels: COVERAGE_LABELS,
  };
}

const PEOPLE_SHOWN = 300;

const day = (key: string | null) => (key ? formatDate(new Date(`${key}T12:00:00Z`)) : "");

export default function Coverage() {
  const { coverage, department, needAction, needActionCount, programmes, canEdit, labels } = useLoaderData<typeof loader>();
  const { requirement: r, totals, departments } = coverage;
  return (
    <>
      <BackLink to="/admin/training/compulsory">Compulsory training</BackLink>
      <span className="govuk-caption-l">Compulsory training</span>
      <h1 className="govuk-heading-l">{r.title}</h1>
      <p className="govuk-body">
        {r.department ?? "Everyone on the staff list"} must attend {programmes.join(" or ")}
        {r.refresherMonths ? `, with a refresher every ${r.refresherMonths} months` : ""}.{" "}
        {canEdit ? (
          <Link className="govuk-link" to={`/admin/training/compulsory/${r.id}/edit`}>
            Change
          </Link>
        ) : null}
      </p>
      <div className="govuk-grid-row">
        {[
          [
            totals.trained + totals.dueSoon,
            `trained and current (${formatPercent(percent(totals.trained + totals.dueSoon, totals.staff))})`,
          ],
          [totals.dueSoon, "refresher due within 3 months"],
          [totals.overdue, "refresher overdue"],
          [totals.notTrained, "not yet trained"],
        ].map(([value, label]) => (
          <div key={String(label)} className="govuk-grid-column-one-quarter">
            <div className="app-stat">
              <span className="app-stat__value">{value}</span>
              <span className="app-stat__label">{label}</span>
            </div>
          </div>
        ))}
      </div>
      <p className="govuk-body">Out of {totals.staff} on the staff list.</p>

      <h2 className="govuk-heading-m">By department</h2>
      <table className="govuk-table" data-testid="coverage-by-department">
        <caption className="govuk-table__caption govuk-visually-hidden">Coverage by department</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Department
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Staff
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Trained and current
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Due soon
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Overdue
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Not trained
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {departments.map((d) => (
            <tr key={d.department} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                {d.staff - d.trained > 0 ? (
                  <Link className="govuk-link" to={`?department=${encodeURIComponent(d.department)}#people`}>
                    {d.department}
                  </Link>
                ) : (
                  d.department
                )}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{d.staff}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {d.trained + d.dueSoon} ({formatPercent(percent(d.trained + d.dueSoon, d.staff))})
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{d.dueSoon}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{d.overdue}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{d.notTrained}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="govuk-heading-m" id="people">
        Who needs to do it{department ? `: ${department}` : ""}
      </h2>
      {department ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="?#people">
            Show every department
          </Link>
        </p>
      ) : null}
      <p className="govuk-body">
        <a className="govuk-link" href={`/admin/training/compulsory/${r.id}/export.csv`} download>
          Download this list (CSV)
        </a>
      </p>
      {needAction.length ? (
        <table className="govuk-table" data-testid="coverage-people">
          <caption className="govuk-table__caption govuk-visually-hidden">Staff who are not trained or are due a refresher</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Department
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Last trained
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {needAction.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {p.name}
                  <br />
                  <span className="govuk-body-s app-meta">{p.email}</span>
                </td>
                <td className="govuk-table__cell">{p.department}</td>
                <td className="govuk-table__cell" data-testid="coverage-status">
                  {p.booked && p.status === "not_trained" ? null : (
                    <>
                      {labels[p.status]}
                      {p.dueOn ? ` (due ${day(p.dueOn)})` : ""}
                    </>
                  )}
                  {p.booked ? (
                    <strong className="govuk-tag govuk-tag--blue app-tag-block">
                      {p.booked.waiting ? "On the waiting list for" : "Booked for"} {day(p.booked.on)}
                    </strong>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{p.lastTrained ? day(p.lastTrained) : "Never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">Everyone is trained and up to date.</p>
      )}
      {needActionCount > needAction.length ? (
        <p className="govuk-body">
          The first {needAction.length} of {needActionCount} are shown. Choose a department above to see its list, or download everyone.
        </p>
      ) : null}
    </>
  );
}
