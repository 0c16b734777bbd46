import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { LevelsSection } from "~/components/levels-section";
import { QuestionResult, Quotes, SectorTable } from "~/components/report-parts";
import { getLevelsReport } from "~/models/levels-report.server";
import { getEvaluationReport, rangeProblem, reportForPage, reportRangeFromUrl } from "~/models/report.server";
import { requireUser } from "~/models/staff-session.server";
import { chartsFor } from "~/utils/charts.server";
import { clock } from "~/utils/clock.server";
import { formatDate, ukDateKey } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { formatPercent, LOW_N, type Percent } from "~/utils/percent";
import { METRICS } from "~/utils/standard-evaluation";

import { REPORT_ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data ? `${data.report.programme.title.split(": ")[0]}: an evaluation of feedback` : "Evaluation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: REPORT_ROLES });
  const programmeId = idParam(params, "programmeId");
  const url = new URL(request.url);
  const range = reportRangeFromUrl(url);
  const problem = rangeProblem(range);
  if (problem) throw new Response(problem, { status: 400 });
  const session = Number(url.searchParams.get("session")) || undefined;
  const scope = { programmeId, sessionId: session, from: range.from, to: range.to };
  const report = getEvaluationReport({ scope });
  const levels = getLevelsReport({ scope, evaluation: report });
  // The paper shows the questions a committee reads first: usefulness, recommending, confidence.
  const key = report.questions.filter((q) => q.metric && q.metric !== METRICS.quote);
  return {
    producedOn: ukDateKey(clock()),
    // People's own words from the free-text questions ("What will you do differently?"): a selection.
    ownWords: report.questions
      .filter((q) => (q.type === "long_text" || q.type === "short_text") && q.texts.latest.length)
      .map((q) => ({ id: q.id, prompt: q.prompt, answered: q.texts.count, selection: selectAnswers(q.texts.latest) })),
    report: reportForPage(report),
    levels,
    examples: levels.followUpQuestions.flatMap((q) => q.quotes).slice(0, 3),
    charts: chartsFor(key),
    keyQuestions: key,
    organisationName: getEnv().ORGANISATION_NAME,
    back: `/admin/reports/programmes/${programmeId}${url.search}`,
  };
}

/** Up to 6 of the latest answers, the same words once with how many gave them. */
function selectAnswers(latest: string[]): Array<{ text: string; times: number }> {
  const seen = new Map<string, { text: string; times: number }>();
  for (const text of latest) {
    const key = text.trim().toLowerCase();
    const entry = seen.get(key);
    if (entry) entry.times++;
    else seen.set(key, { text: text.trim(), times: 1 });
  }
  return [...seen.values()].slice(0, 6);
}

type Headline = ReturnType<typeof reportForPage>["headline"];

/** The figures a committee reads first, each with what it is out of. */
function headlineRows(h: Headline): Array<[string, string, string]> {
  const outOf = (n: number) => (n < LOW_N ? `${n} (fewer than ${LOW_N}: treat with care)` : String(n));
  const pct = (p: Percent | null): [string, string] =>
    p && p.value !== null ? [`${formatPercent(p)} (${p.numerator})`, outOf(p.denominator)] : ["–", p ? outOf(p.denominator) : "–"];
  const rows: Array<[string, string, string]> = [
    ["Sessions delivered", String(h.sessionsDelivered), ""],
    [h.attended === h.people ? "People who attended" : `People who attended (${h.attended} attendances)`, String(h.people), ""],
    ["Feedback responses counted", String(h.responses), `${h.expected} expected`],
    ["Response rate", ...pct(h.responseRate)],
  ];
  if (h.topBox) rows.push([`Said “${h.topBoxLabel}”`, ...pct(h.topBox)]);
  if (h.recommend) rows.push(["Would recommend it", ...pct(h.recommend)]);
  if (h.confidenceBefore && h.confidenceAfter)
    rows.push([
      "Average confidence, before → after (1 to 5)",
      `${h.confidenceBefore.mean ?? "–"} → ${h.confidenceAfter.mean ?? "–"}`,
      `${h.confidenceBefore.n} and ${h.confidenceAfter.n} answers`,
    ]);
  if (h.uplift)
    rows.push([
      "Average rise in confidence, same person",
      h.uplift.mean === null ? "–" : `${h.uplift.mean > 0 ? "+" : ""}${h.uplift.mean}`,
      `${h.uplift.n} people`,
    ]);
  return rows;
}

const figure = (p: Percent | null) => (p && p.value !== null ? `${formatPercent(p)} (${p.numerator} of ${p.denominator})` : null);

export default function CommitteePaper() {
  const { report, levels, examples, charts, keyQuestions, organisationName, back, producedOn, ownWords } = useLoaderData<typeof loader>();
  const h = report.headline;
  // "Behind Closed Doors: domestic abuse and stalking in the workplace" is titled by its name alone, as
  // committee papers are; the full title follows underneath.
  const shortName = report.programme.title.split(": ")[0]!;
  const quotes = report.questions.flatMap((q) => q.quotes);
  const findings = [
    // People are counted once however many sessions they came to; attendances are named as such.
    `${h.people} ${h.people === 1 ? "person" : "people"} from ${report.organisationCount} ${report.organisationCount === 1 ? "organisation" : "organisations"} attended ${h.sessionsDelivered} ${h.sessionsDelivered === 1 ? "session" : "sessions"}${h.attended === h.people ? "" : ` (${h.attended} attendances in all)`}, and ${h.responses} gave feedback.`,
    h.topBox && figure(h.topBox) ? `${figure(h.topBox)} of feedback said it was ${h.topBoxLabel?.toLowerCase()}.` : null,
    h.recommend && figure(h.recommend) ? `${figure(h.recommend)} would recommend it to colleagues.` : null,
    h.confidenceBefore?.mean != null && h.confidenceAfter?.mean != null
      ? `Average confidence rose from ${h.confidenceBefore.mean} to ${h.confidenceAfter.mean} out of 5.`
      : null,
  ].filter(Boolean);
  return (
    <article className="app-paper">
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={back}>
          Back to the report
        </Link>{" "}
        · Use your browser&apos;s Print command (or “Save as PDF”) for the committee paper.
      </p>
      <p className="govuk-body app-meta" data-testid="paper-produced">
        {organisationName}. Produced on {formatDate(new Date(`${producedOn}T12:00:00Z`))}.
      </p>
      <h1 className="govuk-heading-xl">{shortName}: an evaluation of feedback</h1>
      {shortName !== report.programme.title ? <p className="govuk-body-l govuk-!-margin-bottom-2">{report.programme.title}</p> : null}
      {report.period ? (
        <p className="govuk-body-l">
          {report.period.single
            ? formatDate(new Date(report.period.first))
            : `${formatDate(new Date(report.period.first))} to ${formatDate(new Date(report.period.last))}`}
        </p>
      ) : null}
      {quotes[0] ? <Quotes quotes={[quotes[0]]} /> : null}

      {report.programme.aims.length ? (
        <>
          <p className="govuk-body">The aims of {report.programme.title} were to:</p>
          <ul className="govuk-list govuk-list--bullet">
            {report.programme.aims.map((aim) => (
              <li key={aim}>{aim}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="govuk-heading-m">What people told us</h2>
      <p className="govuk-body" data-testid="findings">
        {findings.join(" ")}
      </p>
      {h.responses > 0 && h.responses < 5 ? (
        <p className="govuk-inset-text">These figures rest on fewer than 5 responses: treat them with care.</p>
      ) : null}
      {report.narrative.summary ? <p className="govuk-body app-prewrap">{report.narrative.summary}</p> : null}
      {quotes.slice(1, 4).length ? <Quotes quotes={quotes.slice(1, 4)} /> : null}

      <h2 className="govuk-heading-m">Headline figures</h2>
      <table className="govuk-table app-figures-table" data-testid="paper-headline">
        <caption className="govuk-table__caption govuk-visually-hidden">Headline figures</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Measure
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Figure
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Out of (n)
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {headlineRows(h).map(([measure, value, outOf]) => (
            <tr key={measure} className="govuk-table__row">
              <th scope="row" className="govuk-table__header app-table-row-header">
                {measure}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{value}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{outOf}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {levels.hasForms ? (
        <section data-testid="paper-levels">
          <h2 className="govuk-heading-m">Did it change practice? The four levels</h2>
          <LevelsSection levels={levels} headline={h} />
          {examples.length ? (
            <>
              <h3 className="govuk-heading-s">Examples from the follow-up, shared with permission</h3>
              <Quotes quotes={examples} />
            </>
          ) : null}
        </section>
      ) : null}

      {keyQuestions.map((q, i) => (
        <QuestionResult key={q.id} question={q} number={i + 1} chart={charts[q.id]} />
      ))}

      {ownWords.map((q) => (
        <section key={q.id} className="app-own-words">
          <h2 className="govuk-heading-m">{q.prompt}</h2>
          <p className="govuk-body-s app-meta">A selection of the {q.answered} answers, as written.</p>
          <ul className="govuk-list govuk-list--bullet">
            {q.selection.map((a) => (
              <li key={a.text}>
                {a.text}
                {a.times > 1 ? ` (${a.times} people)` : ""}
              </li>
            ))}
          </ul>
        </section>
      ))}

      <h2 className="govuk-heading-m">Who took part</h2>
      <SectorTable sectors={report.sectors} />

      {report.narrative.nextSteps ? (
        <>
          <h2 className="govuk-heading-m">Next steps</h2>
          <p className="govuk-body app-prewrap">{report.narrative.nextSteps}</p>
        </>
      ) : null}
      <p className="govuk-body-s app-meta">
        Percentages are of the responses that answered each question, rounded to whole numbers; each shows how many answers it rests on.
        {h.roomLink.held || h.roomLink.voided
          ? ` ${h.roomLink.counted} of the ${h.responses} responses came through the anonymous link shown in the room, which counts for each session only up to the number of people who came${h.roomLink.over ? ` (${h.roomLink.over} more were not counted)` : ""}${h.roomLink.voided ? `; ${h.roomLink.voided} judged not genuine were left out` : ""}.`
          : ""}
      </p>
    </article>
  );
}
