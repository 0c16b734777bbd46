import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listForms } from "~/models/form.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Feedback forms");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return { forms: listForms() };
}

const STATUS = { draft: "Draft", open: "Open", closed: "Closed" } as const;

export default function Forms() {
  const { forms } = useLoaderData<typeof loader>();
  const evaluations = forms.filter((f) => f.kind === "evaluation" && !f.programmeArchived);
  const consultations = forms.filter((f) => f.kind === "consultation");
  const followUps = forms.filter((f) => (f.kind === "follow_up" || f.kind === "manager") && !f.programmeArchived);
  return (
    <>
      <h1 className="govuk-heading-l">Feedback forms</h1>
      <p className="govuk-body">
        Each programme has an evaluation form that all its sessions use, and two follow-up forms sent weeks later: one to those who
        attended, one to their line managers. Consultations stand alone, with their own public link.
      </p>
      <Link to="/admin/forms/new" className="govuk-button" data-module="govuk-button">
        Create a consultation
      </Link>
      <h2 className="govuk-heading-m">Consultations</h2>
      {consultations.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Consultations</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Consultation
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Open
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Responses
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {consultations.map((f) => (
              <tr key={f.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/forms/${f.id}`}>
                    {f.title}
                  </Link>
                  {f.anonymous ? <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Anonymous</strong> : null}
                </td>
                <td className="govuk-table__cell">{STATUS[f.status]}</td>
                <td className="govuk-table__cell">
                  {f.opensAt ? formatShortDate(new Date(f.opensAt)) : "Now"} to{" "}
                  {f.closesAt ? formatShortDate(new Date(f.closesAt.getTime() - 1)) : "no end date"}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {f.responses ? (
                    <Link className="govuk-link" to={`/admin/forms/${f.id}/results`}>
                      {f.responses}
                      <span className="govuk-visually-hidden"> responses: see the results</span>
                    </Link>
                  ) : (
                    0
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No consultations yet.</p>
      )}
      <h2 className="govuk-heading-m">Programme evaluation forms</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Programme evaluation forms</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Programme
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Questions
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Responses
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {evaluations.map((f) => (
            <tr key={f.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/forms/${f.id}`}>
                  {f.programmeTitle}
                </Link>
                {f.anonymous ? <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Anonymous</strong> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.questions}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.responses}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Follow-up forms</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Follow-up forms</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Programme
            </th>
            <th scope="col" className="govuk-table__header">
              Asks
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Responses
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {followUps.map((f) => (
            <tr key={f.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/forms/${f.id}`}>
                  {f.programmeTitle}
                  <span className="govuk-visually-hidden">: {f.kind === "manager" ? "line managers" : "attendees"}</span>
                </Link>
              </td>
              <td className="govuk-table__cell">{f.kind === "manager" ? "Line managers" : "Attendees"}</td>
              <td className="govuk-table__cell">{STATUS[f.status]}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.responses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
