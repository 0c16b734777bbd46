import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { findBookings, SEARCH_LIMIT } from "~/models/people-search.server";
import { requireUser } from "~/models/staff-session.server";
import { formatShortDate, formatTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { ATTENDANCE_LABELS, BOOKING_STATUS_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Find a person");

/** Whoever may open the bookings pages (organisers; admins) may find a person's bookings (issue 15). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const tooShort = query.length > 0 && query.replace(/\s/g, "").length < 2;
  return { query, tooShort, limit: SEARCH_LIMIT, ...(query && !tooShort ? findBookings({ query }) : { found: [], more: false }) };
}

export default function FindAPerson() {
  const { query, tooShort, limit, found, more } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={tooShort ? { q: "Enter at least 2 letters or numbers" } : null} order={["q"]} />
      <h1 className="govuk-heading-l">Find a person</h1>
      <Form method="get" role="search" aria-label="Find a person's bookings">
        <div className={`govuk-form-group ${tooShort ? "govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="f-q">
            Name, email address, organisation or booking reference
          </label>
          <div className="govuk-hint" id="q-hint">
            Part of one is enough, for example “priya” or “@hotel-aurora”; a reference, like “48213-3”, whole. Every session, past and
            upcoming.
          </div>
          {tooShort ? (
            <p className="govuk-error-message" id="q-error">
              <span className="govuk-visually-hidden">Error:</span> Enter at least 2 letters or numbers
            </p>
          ) : null}
          <input
            className={`govuk-input govuk-input--width-20 ${tooShort ? "govuk-input--error" : ""}`}
            id="f-q"
            name="q"
            type="search"
            spellCheck={false}
            autoComplete="off"
            defaultValue={query}
            aria-describedby={tooShort ? "q-hint q-error" : "q-hint"}
          />{" "}
          <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Find
          </button>
        </div>
      </Form>
      {query && !tooShort ? (
        <>
          <p className="govuk-body" role="status" data-testid="search-count">
            {found.length === 0
              ? `No bookings match “${query}”.`
              : more
                ? `The ${limit} most recent bookings that match “${query}”: type more to narrow it down.`
                : `${found.length} ${found.length === 1 ? "booking matches" : "bookings match"} “${query}”.`}
          </p>
          {found.length ? (
            <div className="app-table-scroll" role="region" aria-label="Bookings found" tabIndex={0}>
              <table className="govuk-table" data-testid="search-results">
                <caption className="govuk-table__caption govuk-visually-hidden">Bookings found, most recent session first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Person
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Session
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Booking
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {found.map((b) => (
                    <tr key={b.id} className="govuk-table__row">
                      <td className="govuk-table__cell">
                        {b.name}
                        <br />
                        <span className="govuk-body-s app-meta">{b.email}</span>
                        <br />
                        <span className="govuk-body-s">{b.organisationName}</span>
                        <br />
                        <span className="govuk-body-s app-meta">Reference {b.reference}</span>
                      </td>
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/admin/sessions/${b.sessionId}#b-${b.id}`}>
                          {b.programmeTitle}
                          <span className="govuk-visually-hidden">,</span>
                          <br />
                          {formatShortDate(new Date(b.startsAt))}, {formatTime(new Date(b.startsAt))}
                        </Link>
                      </td>
                      <td className="govuk-table__cell">
                        {BOOKING_STATUS_LABELS[b.status]}
                        {b.status === "confirmed" && b.attendance !== "unknown" ? (
                          <>
                            <br />
                            <span className="govuk-body-s">{ATTENDANCE_LABELS[b.attendance]}</span>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
