import { Link } from "@remix-run/react";

import type { AdminSessionRow } from "~/models/session.server";
import { formatShortDate, formatTime } from "~/utils/dates";

/** Sessions for staff: when, what, bookings and attendance, linking to each session's page or register. */
export function SessionTable({
  sessions,
  caption,
  showProgramme = true,
  registerOnly = false,
}: {
  sessions: AdminSessionRow[];
  caption: string;
  showProgramme?: boolean;
  registerOnly?: boolean;
}) {
  if (!sessions.length) return <p className="govuk-body">No sessions.</p>;
  return (
    <table className="govuk-table" data-testid="session-table">
      <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            When
          </th>
          {showProgramme ? (
            <th scope="col" className="govuk-table__header">
              Programme
            </th>
          ) : null}
          <th scope="col" className="govuk-table__header">
            Where
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Booked
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Waiting
          </th>
          <th scope="col" className="govuk-table__header">
            Attendance
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {sessions.map((s) => {
          const start = new Date(s.startsAt);
          const label = `${formatShortDate(start)}, ${formatTime(start)}`;
          return (
            <tr key={s.id} className="govuk-table__row">
              <td className="govuk-table__cell app-nowrap">
                <Link className="govuk-link" to={registerOnly ? `/admin/sessions/${s.id}/register` : `/admin/sessions/${s.id}`}>
                  {label}
                  <span className="govuk-visually-hidden"> {registerOnly ? "register" : "session"}</span>
                </Link>
                {s.status === "cancelled" ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Cancelled</strong> : null}
              </td>
              {showProgramme ? <td className="govuk-table__cell">{s.programmeTitle}</td> : null}
              <td className="govuk-table__cell">{s.online ? "Online" : (s.venue?.split(",")[0] ?? "")}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {s.confirmed} of {s.capacity}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{s.waitlisted}</td>
              <td className="govuk-table__cell">
                {s.attendanceTakenAt ? `${s.attended} attended` : s.registerMissing ? "Not taken" : "—"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
