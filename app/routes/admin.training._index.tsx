import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { DateInput, Select } from "~/components/forms";
import { listProgrammes } from "~/models/programme.server";
import { requireUser } from "~/models/staff-session.server";
import { readTrainingFilter, trainingBreakdown } from "~/models/training.server";
import { formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { BREAKDOWN_LABELS, BREAKDOWNS, REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Training figures");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const url = new URL(request.url);
  const filter = readTrainingFilter(url);
  const programmes = [...listProgrammes(), ...listProgrammes({ archived: true })].map((p) => ({ id: p.id, title: p.title }));
  const { totals, rows } = trainingBreakdown(filter);
  // Thousands of organisations can have attended over the years; the page lists the largest, the download all.
  return { filter, result: { totals, rows: rows.slice(0, ROWS_SHOWN), rowCount: rows.length }, programmes, labels: BREAKDOWN_LABELS };
}

const ROWS_SHOWN = 200;

export default function Training() {
  const { filter, result, programmes, labels } = useLoaderData<typeof loader>();
  const query = (by: string) => {
    const p = new URLSearchParams({ by });
    if (filter.allTime) p.set("range", "all");
    else {
      if (filter.from) p.set("from", filter.from);
      if (filter.to) p.set("to", filter.to);
    }
    if (filter.programme) p.set("programme", String(filter.programme));
    return `?${p}`;
  };
  const period = filter.allTime
    ? "all time"
    : `${filter.from ? formatDate(new Date(`${filter.from}T12:00:00Z`)) : "the start"} to ${filter.to ? formatDate(new Date(`${filter.to}T12:00:00Z`)) : "today"}`;
  const programmeTitle = programmes.find((p) => p.id === filter.programme)?.title;
  return (
    <>
      <span className="govuk-caption-l">Learning and development</span>
      <h1 className="govuk-heading-l">Training figures</h1>
      <p className="govuk-body-l" data-testid="training-scope">
        People who attended{programmeTitle ? ` ${programmeTitle}` : " any programme"}, {period}.
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <div className="app-stat">
            <span className="app-stat__value" data-testid="unique-people">
              {result.totals.people}
            </span>
            <span className="app-stat__label">people trained (each counted once)</span>
          </div>
        </div>
        <div className="govuk-grid-column-one-half">
          <div className="app-stat">
            <span className="app-stat__value" data-testid="attendances">
              {result.totals.attendances}
            </span>
            <span className="app-stat__label">attendances (someone at two sessions counts twice)</span>
          </div>
        </div>
      </div>

      <Form method="get" className="app-no-print" aria-label="Choose the period and programme">
        <input type="hidden" name="by" value={filter.by} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <DateInput
              name="from"
              legend="From"
              hint="For example, 1 4 2026"
              values={{ from: filter.allTime ? "" : (filter.from ?? "") }}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput name="to" legend="To" hint="For example, 31 3 2027" values={{ to: filter.allTime ? "" : (filter.to ?? "") }} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="programme"
              label="Programme"
              labelClassName="govuk-label--s"
              defaultValue={filter.programme ? String(filter.programme) : ""}
              options={[{ value: "", label: "All programmes" }, ...programmes.map((p) => ({ value: String(p.id), label: p.title }))]}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Show figures
          </button>
          <Link className="govuk-link" to={`?by=${filter.by}&range=all${filter.programme ? `&programme=${filter.programme}` : ""}`}>
            All time
          </Link>
          <a className="govuk-link" href={`/admin/training/export.csv${query(filter.by)}`} download>
            Download this table (CSV)
          </a>
          <Link className="govuk-link" to="/admin/training/compulsory">
            Compulsory training
          </Link>
        </div>
      </Form>

      <nav className="app-no-print" aria-label="Breakdowns">
        <ul className="govuk-list">
          {BREAKDOWNS.map((b) => (
            <li key={b} className="app-inline-item">
              {b === filter.by ? (
                <strong aria-current="page">{labels[b]}</strong>
              ) : (
                <Link className="govuk-link" to={query(b)}>
                  {labels[b]}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>

      <h2 className="govuk-heading-m">{labels[filter.by]}</h2>
      {result.rows.length ? (
        <div className="app-table-scroll" role="region" aria-label="Training figures" tabIndex={0}>
          <table className="govuk-table" data-testid="training-table">
            <caption className="govuk-table__caption govuk-visually-hidden">{labels[filter.by]}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  {labels[filter.by].replace(/^By /, "").replace(/^./, (c) => c.toUpperCase())}
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  People
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Attendances
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {result.rows.map((r) => (
                <tr key={r.key} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {r.label}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.people}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.attendances}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="govuk-body">Nobody was marked as attending in this period.</p>
      )}
      {result.rowCount > result.rows.length ? (
        <p className="govuk-body">
          The first {result.rows.length} of {result.rowCount} are shown; the download has them all.
        </p>
      ) : null}
      <p className="govuk-body-s app-meta">
        People are counted once each, by email address, however many sessions they came to; the total is not the sum of the rows, since one
        person can appear in more than one. Months and quarters are calendar ones, by the session&apos;s date.
      </p>
    </>
  );
}
