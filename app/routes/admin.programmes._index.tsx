import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listProgrammes } from "~/models/programme.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { CATEGORY_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Programmes");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const archived = new URL(request.url).searchParams.get("show") === "archived";
  return { archived, programmes: listProgrammes({ archived }) };
}

export default function Programmes() {
  const { programmes, archived } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{archived ? "Archived programmes" : "Programmes"}</h1>
      <div className="govuk-button-group">
        <Link to="/admin/programmes/new" className="govuk-button" data-module="govuk-button">
          Create a programme
        </Link>
        <Link to={archived ? "/admin/programmes" : "/admin/programmes?show=archived"} className="govuk-link">
          {archived ? "Show current programmes" : "Show archived programmes"}
        </Link>
      </div>
      {programmes.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Programmes</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Programme
              </th>
              <th scope="col" className="govuk-table__header">
                Category
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Delivered
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Upcoming
              </th>
              <th scope="col" className="govuk-table__header">
                Next session
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {programmes.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/programmes/${p.id}`}>
                    {p.title}
                  </Link>
                  {p.sensitive ? <strong className="govuk-tag govuk-tag--purple govuk-!-margin-left-2">Sensitive</strong> : null}
                </td>
                <td className="govuk-table__cell">{CATEGORY_LABELS[p.category]}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.pastSessions}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.upcomingSessions}</td>
                <td className="govuk-table__cell">{p.nextSession ? formatShortDate(new Date(p.nextSession)) : "None scheduled"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">{archived ? "No programmes are archived." : "There are no programmes yet."}</p>
      )}
    </>
  );
}
