import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { Select } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SessionCard } from "~/components/sessions";
import { localised, translationsIn } from "~/models/programme-translation.server";
import { listProgrammesWithUpcomingSessions, pageOfUpcomingSessions, upcomingMonths } from "~/models/session.server";
import { monthName, useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";

/** Sessions per page: a partnership plans years ahead, and a page of hundreds is slow to send and to read. */
const PER_PAGE = 20;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data && data.pages > 1
    ? localTitle(matches, "events.titlePaged", { page: data.page, pages: data.pages })
    : localTitle(matches, "events.title");

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
  const locale = requestLocale(request);
  const translations = translationsIn({ locale });
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
    sessions: sessions.map((session) => localised(session, locale, translations)),
    total,
    page,
    pages,
    first: (page - 1) * perPage + 1,
    filters: { programme: filters.programme, month: filters.month },
    programmes: listProgrammesWithUpcomingSessions()
      .map((p) => localised({ programmeId: p.id, programmeTitle: p.title }, locale, translations))
      .sort((a, b) => a.programmeTitle.localeCompare(b.programmeTitle, locale)),
    months: months.map((key) => ({ key, label: monthName(key, locale) })),
  };
}

export default function Events() {
  const { sessions, total, page, pages, first, filters, programmes, months } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.programme || filters.month);
  const t = useT();
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
        <h2 className="govuk-heading-m">{t("events.filter")}</h2>
        <Form method="get" aria-label={t("events.filter.label")}>
          <Select
            name="programme"
            label={t("events.filter.programme")}
            labelClassName="govuk-label--s"
            defaultValue={filters.programme ? String(filters.programme) : ""}
            options={[
              { value: "", label: t("events.filter.allProgrammes") },
              ...programmes.map((p) => ({ value: String(p.programmeId), label: p.programmeTitle, lang: p.titleLang ?? undefined })),
            ]}
          />
          <Select
            name="month"
            label={t("events.filter.month")}
            labelClassName="govuk-label--s"
            defaultValue={filters.month ?? ""}
            options={[{ value: "", label: t("events.filter.anyMonth") }, ...months.map((m) => ({ value: m.key, label: m.label }))]}
          />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            {t("events.filter.apply")}
          </button>
          {filtered ? (
            <p className="govuk-body">
              <Link className="govuk-link" to="/events">
                {t("events.filter.clear")}
              </Link>
            </p>
          ) : null}
        </Form>
      </div>
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("events.title")}</h1>
        <p className="govuk-body" role="status">
          {filtered ? t("events.countFiltered", { total }) : t("events.count", { total })}
          {pages > 1 ? ` ${t("events.showing", { first, last: first + sessions.length - 1 })}` : ""}
        </p>
        {sessions.length ? (
          <ul className="app-card-list" aria-label={t("events.list")}>
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} href={`/events/${session.id}`} />
            ))}
          </ul>
        ) : (
          <p className="govuk-body">{t("events.none")}</p>
        )}
        <Pagination page={page} pages={pages} hrefFor={hrefFor} label={t("events.pages")} />
      </div>
    </div>
  );
}
