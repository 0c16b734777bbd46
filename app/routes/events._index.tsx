import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { Select } from "~/components/forms";
import { SessionCard } from "~/components/sessions";
import { listProgrammesWithUpcomingSessions, listUpcomingSessions } from "~/models/session.server";
import { formatMonthKey, ukMonthKey } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Upcoming events");

export async function loader({ request }: LoaderFunctionArgs) {
  const filterSchema = z.object({
    programme: z.coerce.number().int().positive().optional().catch(undefined),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .catch(undefined),
  });
  const url = new URL(request.url);
  // Unknown or malformed filters are ignored rather than refused: this page is linked from newsletters.
  const filters = filterSchema.parse({
    programme: url.searchParams.get("programme") || undefined,
    month: url.searchParams.get("month") || undefined,
  });
  const all = listUpcomingSessions();
  const months = [...new Set(all.map((s) => ukMonthKey(s.startsAt)))];
  const sessions = listUpcomingSessions({ programmeId: filters.programme, month: filters.month });
  return {
    sessions,
    filters,
    programmes: listProgrammesWithUpcomingSessions(),
    months: months.map((key) => ({ key, label: formatMonthKey(key) })),
  };
}

export default function Events() {
  const { sessions, filters, programmes, months } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.programme || filters.month);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-one-third">
        <h2 className="govuk-heading-m">Filter</h2>
        <Form method="get" aria-label="Filter events">
          <Select
            name="programme"
            label="Programme"
            labelClassName="govuk-label--s"
            defaultValue={filters.programme ? String(filters.programme) : ""}
            options={[{ value: "", label: "All programmes" }, ...programmes.map((p) => ({ value: String(p.id), label: p.title }))]}
          />
          <Select
            name="month"
            label="Month"
            labelClassName="govuk-label--s"
            defaultValue={filters.month ?? ""}
            options={[{ value: "", label: "Any month" }, ...months.map((m) => ({ value: m.key, label: m.label }))]}
          />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <p className="govuk-body">
              <Link className="govuk-link" to="/events">
                Clear filters
              </Link>
            </p>
          ) : null}
        </Form>
      </div>
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Upcoming events</h1>
        <p className="govuk-body" role="status">
          {sessions.length === 1 ? "1 session" : `${sessions.length} sessions`}
          {filtered ? " match your filters" : " open for booking or with a waiting list"}.
        </p>
        {sessions.length ? (
          <ul className="app-card-list" aria-label="Sessions">
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} href={`/events/${session.id}`} />
            ))}
          </ul>
        ) : (
          <p className="govuk-body">No sessions match. Try another month or programme.</p>
        )}
      </div>
    </div>
  );
}
