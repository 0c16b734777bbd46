import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listBookingsForSession } from "~/models/booking.server";
import { getSessionForAdmin } from "~/models/session.server";
import { requireUser } from "~/models/staff-session.server";
import { formatTimeRange } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Sign-in sheet");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["organiser", "facilitator"] });
  const sessionId = idParam(params, "sessionId");
  const { session, programme } = getSessionForAdmin({ sessionId });
  return {
    sessionId,
    programmeTitle: programme.title,
    when: formatTimeRange(session.startsAt, session.endsAt),
    venue: session.venue ?? "Online",
    people: listBookingsForSession({ sessionId }).confirmed.map((b) => ({ id: b.id, name: b.name, organisationName: b.organisationName })),
  };
}

/** A sheet to print and sign at the door, for when there is no phone or signal: one row per person, plus blank rows. */
export default function SignInSheet() {
  const { sessionId, programmeTitle, when, venue, people } = useLoaderData<typeof loader>();
  const blanks = Math.max(5, Math.ceil(people.length * 0.2));
  return (
    <>
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={`/admin/sessions/${sessionId}/register`}>
          Back to the register
        </Link>{" "}
        · Use your browser&apos;s Print command to print this sheet.
      </p>
      <h1 className="govuk-heading-l">Sign-in sheet</h1>
      <p className="govuk-body">
        <strong>{programmeTitle}</strong>
        <br />
        {when}
        <br />
        {venue}
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">People booked, with space to sign</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header app-sheet__column">
              Name
            </th>
            <th scope="col" className="govuk-table__header app-sheet__column">
              Organisation
            </th>
            <th scope="col" className="govuk-table__header">
              Signature
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {people.map((p) => (
            <tr key={p.id} className="govuk-table__row app-sheet__row">
              <td className="govuk-table__cell">{p.name}</td>
              <td className="govuk-table__cell">{p.organisationName}</td>
              <td className="govuk-table__cell" />
            </tr>
          ))}
          {Array.from({ length: blanks }, (_, i) => (
            <tr key={`blank-${i}`} className="govuk-table__row app-sheet__row">
              <td className="govuk-table__cell" />
              <td className="govuk-table__cell" />
              <td className="govuk-table__cell" />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
