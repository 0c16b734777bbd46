/**
 * The evaluation at four levels (ADR 026), on the report page and in the committee paper: one table, each
 * figure with what it is out of, and a flag where it rests on fewer than 5 answers.
 */
import type { ReactNode } from "react";

import { LowN, type ReportData } from "~/components/report-parts";
import type { Average, LevelsReport } from "~/models/levels-report.server";
import { formatPercent, type Percent } from "~/utils/percent";

type Row = { level: string; measure: string; figure: ReactNode; outOf: ReactNode; n: number | null };

const pct = (p: Percent | null) => (p ? formatPercent(p) : "–");
const of = (p: Percent | null, what: string) => (p ? `${p.numerator} of ${p.denominator} ${what}` : "Not asked");
const avg = (m: Average | null) => (m && m.mean !== null ? m.mean.toFixed(1) : "–");
const answered = (m: Average | null) => (m ? `${m.n} answered` : "Not asked");

export function LevelsSection({ levels: l, headline: h }: { levels: LevelsReport; headline: ReportData["headline"] }) {
  const weeks = `${l.weeks} weeks`;
  const rows: Row[] = [
    {
      level: "1. Reaction",
      measure: `Said “${h.topBoxLabel ?? "the top answer"}”`,
      figure: pct(h.topBox),
      outOf: of(h.topBox, "who answered"),
      n: h.topBox?.denominator ?? null,
    },
    {
      level: "",
      measure: "Would recommend it",
      figure: pct(h.recommend),
      outOf: of(h.recommend, "who answered"),
      n: h.recommend?.denominator ?? null,
    },
    {
      level: "",
      measure: "Feedback on the day: response rate",
      figure: pct(h.responseRate),
      outOf: of(h.responseRate, "who came"),
      n: h.responseRate.denominator,
    },
    {
      level: "2. Learning",
      measure: "Confidence before the session (1 to 5)",
      figure: avg(l.learning.before),
      outOf: answered(l.learning.before),
      n: l.learning.before?.n ?? null,
    },
    {
      level: "",
      measure: "Confidence after the session",
      figure: avg(l.learning.after),
      outOf: answered(l.learning.after),
      n: l.learning.after?.n ?? null,
    },
    {
      level: "",
      measure: `Confidence at ${weeks}`,
      figure: avg(l.learning.followUp),
      outOf: answered(l.learning.followUp),
      n: l.learning.followUp?.n ?? null,
    },
    {
      level: "",
      measure: "The same people: before → after → later",
      figure:
        l.learning.paired && l.learning.paired.n
          ? `${avg({ mean: l.learning.paired.before, n: 1 })} → ${avg({ mean: l.learning.paired.after, n: 1 })} → ${avg({ mean: l.learning.paired.followUp, n: 1 })}`
          : "–",
      outOf: l.learning.paired
        ? `${l.learning.paired.n} ${l.learning.paired.n === 1 ? "person" : "people"} who answered all three`
        : `Not paired: ${l.learning.notPaired ?? "no answers"}`,
      n: l.learning.paired?.n ?? null,
    },
    {
      level: "3. Behaviour",
      measure: `Applying what they learned at ${weeks}`,
      figure: pct(l.applying),
      outOf: of(l.applying, "who answered"),
      n: l.applying?.denominator ?? null,
    },
    {
      level: "",
      measure: "Line managers who have seen a change",
      figure: pct(l.managerChange),
      outOf: l.managerChange
        ? `${of(l.managerChange, "managers who answered")}${l.managerCouldNotSay ? `, of whom ${l.managerCouldNotSay} had not had the chance to see` : ""}`
        : "Not asked",
      n: l.managerChange?.denominator ?? null,
    },
    {
      level: "",
      measure: `Follow-up at ${weeks}: response rate`,
      figure: pct(l.followUp?.rate ?? null),
      outOf: l.followUp ? `${l.followUp.responses} of ${l.followUpAsked} who came and were asked` : "No follow-up form",
      n: l.followUp?.rate.denominator ?? null,
    },
    {
      level: "",
      measure: "Line managers: response rate",
      figure: pct(l.manager?.rate ?? null),
      outOf: l.manager ? `${l.manager.responses} of ${l.manager.asked} managers asked` : "No line manager form",
      n: l.manager?.rate.denominator ?? null,
    },
    {
      level: "4. Results",
      measure: "Outcomes for people at risk",
      figure: "–",
      outOf: "Not measured by these forms: record case audits against the action plan",
      n: null,
    },
  ];
  return (
    <>
      <div className="app-table-scroll" role="region" aria-label="The evaluation at four levels" tabIndex={0}>
        <table className="govuk-table" data-testid="levels">
          <caption className="govuk-table__caption govuk-visually-hidden">The evaluation at four levels</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Level
              </th>
              <th scope="col" className="govuk-table__header">
                Measure
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Figure
              </th>
              <th scope="col" className="govuk-table__header">
                Out of
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((row) => (
              <tr key={row.measure} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {row.level}
                </th>
                <td className="govuk-table__cell">{row.measure}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-testid="level-figure">
                  {row.figure}
                </td>
                <td className="govuk-table__cell">
                  {row.outOf} {row.n !== null ? <LowN n={row.n} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="govuk-body-s app-meta">
        The follow-up goes to everyone marked as attended, {weeks} after their session
        {l.sessionsNotYetDue ? `; for ${l.sessionsNotYetDue} of the sessions here it is not yet due` : ""}. Averages are of those who
        answered each question; the same people&apos;s figures are paired through their own links, which anonymous forms do not have.
      </p>
    </>
  );
}
