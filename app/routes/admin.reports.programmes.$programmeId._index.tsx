import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { DateInput, ErrorSummary, Select } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { LevelsSection } from "~/components/levels-section";
import { HeadlineFigures, HowFiguresWork, QuestionResult, Quotes, SectorTable } from "~/components/report-parts";
import { getLevelsReport } from "~/models/levels-report.server";
import { getEvaluationReport, reportForPage, listDeliveredSessions, rangeProblem, reportRangeFromUrl } from "~/models/report.server";
import { requireUser } from "~/models/staff-session.server";
import { chartsFor } from "~/utils/charts.server";
import { formatDate, formatShortDate, formatTime } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { REPORT_ROLES, SECTOR_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data ? `Evaluation: ${data.report.programme.title}` : "Evaluation report");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const programmeId = idParam(params, "programmeId");
  const url = new URL(request.url);
  const range = reportRangeFromUrl(url);
  const session = Number(url.searchParams.get("session")) || undefined;
  const scope = { programmeId, sessionId: session, from: range.from, to: range.to };
  const report = getEvaluationReport({ scope });
  const levels = getLevelsReport({ scope, evaluation: report });
  const all = listDeliveredSessions({ programmeId });
  return {
    report: reportForPage(report),
    levels,
    charts: chartsFor([...report.questions, ...levels.followUpQuestions, ...levels.managerQuestions]),
    sessionOptions: all.map((s) => ({ id: s.id, label: `${formatShortDate(new Date(s.startsAt))}, ${formatTime(new Date(s.startsAt))}` })),
    filters: { from: range.from ?? "", to: range.to ?? "", session: session ? String(session) : "" },
    query: url.search,
    canEdit: user.role !== "reporter",
    rangeError: rangeProblem(range),
  };
}

export default function ProgrammeReport() {
  const { report, levels, charts, sessionOptions, filters, query, canEdit, rangeError } = useLoaderData<typeof loader>();
  const base = `/admin/reports/programmes/${report.programme.id}`;
  const scopeText = filters.session
    ? `One session: ${sessionOptions.find((s) => String(s.id) === filters.session)?.label ?? ""}`
    : filters.from || filters.to
      ? `Sessions ${filters.from ? `from ${formatDate(new Date(`${filters.from}T12:00:00Z`))}` : ""} ${filters.to ? `to ${formatDate(new Date(`${filters.to}T12:00:00Z`))}` : ""}`
      : "Every session delivered";
  return (
    <>
      <ErrorSummary errors={rangeError ? { to: rangeError } : null} />
      <BackLink to="/admin/reports">All reports</BackLink>
      <span className="govuk-caption-l">Evaluation report</span>
      <h1 className="govuk-heading-l">{report.programme.title}</h1>
      <p className="govuk-body-l" data-testid="report-scope">
        {scopeText}: {report.headline.sessionsDelivered} {report.headline.sessionsDelivered === 1 ? "session" : "sessions"}.
      </p>

      <Form method="get" className="app-no-print" aria-label="Choose which sessions the report covers">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="session"
              label="One session"
              labelClassName="govuk-label--s"
              defaultValue={filters.session}
              options={[{ value: "", label: "All sessions" }, ...sessionOptions.map((s) => ({ value: String(s.id), label: s.label }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput name="from" legend="From" hint="For example, 1 4 2026" values={filters} />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput name="to" legend="To" hint="For example, 31 3 2027" values={filters} error={rangeError ?? undefined} />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Show report
          </button>
          <Link className="govuk-link" to={`${base}/paper${query}`}>
            Printable committee paper
          </Link>
          <a className="govuk-link" href={`${base}/figures.csv${query}`} download>
            Figures (CSV)
          </a>
          <a className="govuk-link" href={`${base}/responses.csv${query}`} download>
            Anonymised responses (CSV)
          </a>
        </div>
        <p className="govuk-body-s app-meta">
          The anonymised responses have no names, email addresses or organisations. A comment people were asked to let us share appears only
          if they said yes; other free-text answers are as people wrote them: check them for names before sharing the file.
        </p>
      </Form>

      {rangeError ? (
        <div className="govuk-inset-text" data-testid="range-error">
          No figures: the end date is before the start date. Choose an end date on or after the start date.
        </div>
      ) : (
        <>
          <h2 className="govuk-heading-m">Headline figures</h2>
          <HeadlineFigures headline={report.headline} />
          <HowFiguresWork />

          {levels.hasForms ? (
            <section data-testid="levels-section">
              <h2 className="govuk-heading-m">Did it change practice? The four levels</h2>
              <LevelsSection levels={levels} headline={report.headline} />
              {levels.followUpQuestions.flatMap((q) => q.quotes).length ? (
                <>
                  <h3 className="govuk-heading-s">Examples from the follow-up, shared with permission</h3>
                  <Quotes quotes={levels.followUpQuestions.flatMap((q) => q.quotes).slice(0, 6)} />
                </>
              ) : null}
            </section>
          ) : null}

          <h2 className="govuk-heading-m">Aims</h2>
          {report.programme.aims.length ? (
            <ul className="govuk-list govuk-list--bullet">
              {report.programme.aims.map((aim) => (
                <li key={aim}>{aim}</li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">No aims recorded for this programme.</p>
          )}
          <h2 className="govuk-heading-m">Summary</h2>
          {report.narrative.summary ? (
            <p className="govuk-body app-prewrap">{report.narrative.summary}</p>
          ) : (
            <p className="govuk-body">No summary written yet.</p>
          )}
          <h2 className="govuk-heading-m">Next steps</h2>
          {report.narrative.nextSteps ? (
            <p className="govuk-body app-prewrap">{report.narrative.nextSteps}</p>
          ) : (
            <p className="govuk-body">No next steps written yet.</p>
          )}
          {canEdit ? (
            <p className="govuk-body app-no-print">
              <Link className="govuk-link" to={`${base}/narrative${filters.session ? `?session=${filters.session}` : ""}`}>
                Write the summary and next steps{filters.session ? " for this session" : ""}
              </Link>
            </p>
          ) : null}

          <h2 className="govuk-heading-m">What people said</h2>
          {report.questions.flatMap((q) => q.quotes).length ? (
            <Quotes quotes={report.questions.flatMap((q) => q.quotes).slice(0, 6)} />
          ) : (
            <p className="govuk-body">No comments shared with permission yet.</p>
          )}

          <h2 className="govuk-heading-m">Every question</h2>
          {report.questions.map((q, i) => (
            <QuestionResult key={q.id} question={q} number={i + 1} chart={charts[q.id]} />
          ))}

          {levels.followUpQuestions.length || levels.managerQuestions.length ? (
            <>
              <h2 className="govuk-heading-m">The follow-up at {levels.weeks} weeks, question by question</h2>
              {levels.followUpQuestions.map((q, i) => (
                <QuestionResult key={q.id} question={q} number={i + 1} chart={charts[q.id]} />
              ))}
              <h2 className="govuk-heading-m">Line managers, question by question</h2>
              {levels.managerQuestions.map((q, i) => (
                <QuestionResult key={q.id} question={q} number={i + 1} chart={charts[q.id]} />
              ))}
            </>
          ) : null}

          <h2 className="govuk-heading-m">Who came</h2>
          <p className="govuk-body">
            {report.organisationCount} {report.organisationCount === 1 ? "organisation" : "organisations"} took part.
          </p>
          <SectorTable sectors={report.sectors} />
          {report.organisations.length ? (
            <div className="app-table-scroll" role="region" aria-label="Organisations with the most people attending" tabIndex={0}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Organisations with the most people attending</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Organisation
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Sector
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      Attendances
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {report.organisations.map((o) => (
                    <tr key={o.name} className="govuk-table__row">
                      <td className="govuk-table__cell">{o.name}</td>
                      <td className="govuk-table__cell">{SECTOR_LABELS[o.sector]}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{o.attendees}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
