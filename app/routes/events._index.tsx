import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { Select } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SessionCard } from "~/components/sessions";
import { listProgrammesWithUpcomingSessions, pageOfUpcomingSessions, upcomingMonths } from "~/models/session.server";
import { formatMonthKey } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

/** Sessions per page: a partnership plans years ahead, and a page of hundreds is slow to send and to read. */
const PER_PAGE = 20;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data && data.pages > 1 ? `Upcoming events (page ${data.page} of ${data.pages})` : "Upcoming events");

export async function loader({ request }: LoaderFunctionArgs) {
  const filterSchema = z.object({
    programme: z.coerce.number().int().positive().optional().catch(undefined),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .catch(undefined),
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
  });
  const url = new URL(request.url);
  // Unknown or malformed filters are ignored rather than refused: this page is linked from newsletters.
  const filters = filterSchema.parse({
    programme: url.searchParams.get("programme") || undefined,
    month: url.searchParams.get("month") || undefined,
    page: url.searchParams.get("page") || 1,
  });
  const { sessions, total, page, pages, perPage } = pageOfUpcomingSessions({
    programmeId: filters.programme,
    month: filters.month,
    page: filters.page,
    perPage: PER_PAGE,
  });
  const months = upcomingMonths();
  return {
    sessions,
    total,
    page,
    pages,
    first: (page - 1) * perPage + 1,
    filters: { programme: filters.programme, month: filters.month },
    programmes: listProgrammesWithUpcomingSessions(),
    months: months.map((key) => ({ key, label: formatMonthKey(key) })),
  };
}

export default function Events() {
  const { sessions, total, page, pages, first, filters, programmes, months } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.programme || filters.month);
  const hrefFor = (n: number) => {
    const query = new URLSearchParams();
    if (filters.programme) query.set("programme", String(filters.programme));
    if (filters.month) query.set("month", filters.month);
    if (n > 1) query.set("page", String(n));
    const text = query.toString();
    return text ? `/events?${text}` : "/events";
  };
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
          {total === 1 ? "1 session" : `${total} sessions`}
          {filtered ? " match your filters" : " open for booking or with a waiting list"}.
          {pages > 1 ? ` Showing ${first} to ${first + sessions.length - 1}.` : ""}
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
        <Pagination page={page} pages={pages} hrefFor={hrefFor} label="Pages of upcoming events" />
      </div>
    </div>
  );
}
