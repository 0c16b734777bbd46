import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ProgressBar } from "~/components/rag";
import { getDashboard } from "~/models/dashboard.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate, formatTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Dashboard");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const dashboard = getDashboard({ facilitatorId: user.role === "facilitator" ? user.id : undefined });
  return { user, ...dashboard };
}

function Stat({ value, label }: { value: number | string; label: string }) {
  return (
    <div className="govuk-grid-column-one-quarter">
      <div className="app-stat">
        <span className="app-stat__value">{value}</span>
        <span className="app-stat__label">{label}</span>
      </div>
    </div>
  );
}

export default function Dashboard() {
  const { user, upcoming, awaitingAttendance, totals } = useLoaderData<typeof loader>();
  const showsBookings = user.role === "admin" || user.role === "organiser" || user.role === "facilitator";
  return (
    <>
      <span className="govuk-caption-l">{ROLE_LABELS[user.role]}</span>
      <h1 className="govuk-heading-l">Dashboard</h1>
      <p className="govuk-body">
        Signed in as {user.name}. {ROLE_DESCRIPTIONS[user.role]}
      </p>

      <h2 className="govuk-heading-m">The last 12 months</h2>
      <div className="govuk-grid-row">
        <Stat value={totals.peopleTrained} label="people trained (attended)" />
        <Stat value={totals.attendances} label="attendances" />
        <Stat value={totals.sessionsDelivered} label="sessions delivered" />
        <Stat value={totals.organisationsReached} label="organisations reached" />
      </div>

      {showsBookings ? (
        <>
          <h2 className="govuk-heading-m">
            {user.role === "facilitator" ? "Your sessions waiting for a register" : "Sessions waiting for a register"}
          </h2>
          {awaitingAttendance.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Past sessions where attendance has not been recorded</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Date
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Session
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Booked
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {awaitingAttendance.map((s) => (
                  <tr key={s.id} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/admin/sessions/${s.id}/register`}>
                        {formatShortDate(new Date(s.startsAt))}
                        <span className="govuk-visually-hidden"> register</span>
                      </Link>
                    </td>
                    <td className="govuk-table__cell">{s.programmeTitle}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{s.confirmed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">Every past session has its attendance recorded.</p>
          )}

          <h2 className="govuk-heading-m">Coming up in the next 8 weeks</h2>
          <div className="govuk-grid-row">
            <Stat value={totals.upcomingSessions} label="sessions" />
            <Stat value={totals.upcomingConfirmed} label="places booked" />
            <Stat value={totals.upcomingWaitlisted} label="people on waiting lists" />
          </div>
          {upcoming.length ? (
            <table className="govuk-table" data-testid="upcoming-sessions">
              <caption className="govuk-table__caption govuk-visually-hidden">Upcoming sessions and how full they are</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    When
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Session
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Booked
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Fill rate
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Waiting
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {upcoming.map((s) => {
                  const fill = s.capacity ? Math.round((s.confirmed / s.capacity) * 100) : 100;
                  return (
                    <tr key={s.id} className="govuk-table__row">
                      <td className="govuk-table__cell app-nowrap">
                        <Link
                          className="govuk-link"
                          to={user.role === "facilitator" ? `/admin/sessions/${s.id}/register` : `/admin/sessions/${s.id}`}
                        >
                          {formatShortDate(new Date(s.startsAt))}, {formatTime(new Date(s.startsAt))}
                        </Link>
                      </td>
                      <td className="govuk-table__cell">{s.programmeTitle}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {s.confirmed} of {s.capacity}
                      </td>
                      <td className="govuk-table__cell">
                        {fill}%
                        <ProgressBar value={fill} className="app-fill" />
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{s.waitlisted}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">No sessions are scheduled in the next 8 weeks.</p>
          )}
        </>
      ) : null}
    </>
  );
}
