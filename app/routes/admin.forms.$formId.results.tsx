import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { LowN, QuestionResult, Quotes } from "~/components/report-parts";
import { getConsultationResults } from "~/models/consultation-results.server";
import { requireUser } from "~/models/staff-session.server";
import { chartsFor } from "~/utils/charts.server";
import { clock } from "~/utils/clock.server";
import { formatDate, ukDateKey } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { LOW_N } from "~/utils/percent";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data ? `Results: ${data.results.form.title}` : "Results");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: REPORT_ROLES });
  const results = getConsultationResults({ formId: idParam(params, "formId") });
  return {
    results,
    charts: chartsFor(results.questions),
    producedOn: ukDateKey(clock()),
    organisationName: getEnv().ORGANISATION_NAME,
    canEdit: user.role !== "reporter",
  };
}

const day = (d: Date | string) => formatDate(new Date(d));

/** A consultation's results, laid out to print as a paper (A4, page numbers) from the browser. */
export default function ConsultationResults() {
  const { results, charts, producedOn, organisationName, canEdit } = useLoaderData<typeof loader>();
  const { form } = results;
  const base = `/admin/forms/${form.id}/results`;
  const quotes = results.questions.flatMap((q) => q.quotes);
  return (
    <article className="app-paper">
      <div className="app-no-print">
        {canEdit ? (
          <BackLink to={`/admin/forms/${form.id}`}>Back to the consultation</BackLink>
        ) : (
          <BackLink to="/admin/reports">Reports</BackLink>
        )}
        <p className="govuk-body">
          <a className="govuk-link" href={`${base}/figures.csv`} download>
            Figures (CSV)
          </a>{" "}
          ·{" "}
          <a className="govuk-link" href={`${base}/responses.csv`} download>
            Anonymised responses (CSV)
          </a>{" "}
          · Use your browser&apos;s Print command (or “Save as PDF”) for the paper.
        </p>
        <p className="govuk-body-s app-meta">
          The anonymised responses have the day each was sent and the answers, nothing else. A comment people were asked to let us share
          appears only if they said yes; other written answers are as people wrote them: check them for names before sharing the file.
        </p>
      </div>
      <p className="govuk-body app-meta" data-testid="results-produced">
        {organisationName}. Produced on {day(`${producedOn}T12:00:00Z`)}.
      </p>
      <span className="govuk-caption-l">Consultation results</span>
      <h1 className="govuk-heading-xl">{form.title}</h1>
      <p className="govuk-body-l" data-testid="results-summary">
        {results.responses} {results.responses === 1 ? "response" : "responses"}
        {results.firstResponse && results.lastResponse
          ? `, sent between ${day(results.firstResponse)} and ${day(results.lastResponse)}`
          : ""}
        . <LowN n={results.responses} />
      </p>
      {results.responses > 0 && results.responses < LOW_N ? (
        <p className="govuk-inset-text">These results rest on fewer than {LOW_N} responses: treat them with care.</p>
      ) : null}
      {form.introduction ? <p className="govuk-body app-prewrap">{form.introduction}</p> : null}
      <p className="govuk-body-s app-meta">
        Percentages are of the responses that answered each question (a blank answer is left out, not counted as “no”), rounded half up to
        whole numbers; each shows how many answers it rests on, and one resting on fewer than {LOW_N} is marked. A grid gives each row’s
        answers out of those who answered that row. In a ranking, first place earns as many points as there are places to rank, the last
        place 1; first places are shown beside the points.
      </p>

      {results.questions.map((q, i) => (
        <QuestionResult key={q.id} question={q} number={i + 1} chart={charts[q.id]} />
      ))}

      {quotes.length ? (
        <>
          <h2 className="govuk-heading-m">Comments shared with permission</h2>
          <Quotes quotes={quotes.slice(0, 10)} />
        </>
      ) : null}
      {!results.responses ? <p className="govuk-body">Nobody has answered yet.</p> : null}
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to="/admin/forms">
          All forms
        </Link>
      </p>
    </article>
  );
}
