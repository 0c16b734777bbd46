/**
 * Pieces of an evaluation report, shared by the report page and its printable committee paper. Every
 * figure shows its n; a figure resting on fewer than 5 answers is flagged in words, not only colour.
 */
import type { ReactNode } from "react";

import type { EvaluationReport, QuestionReport } from "~/models/report.server";
import { formatPercent, LOW_N, type Percent } from "~/utils/percent";

import { SECTOR_LABELS, type Sector } from "../../domain/vocabulary";

/** The part of an evaluation report the headline figures show. */
export type ReportData = Pick<EvaluationReport, "headline">;

export function LowN({ n }: { n: number }) {
  return n < LOW_N ? (
    <strong className="govuk-tag govuk-tag--yellow app-low-n" title={`Fewer than ${LOW_N} answers`}>
      Fewer than {LOW_N} answers
    </strong>
  ) : null;
}

function Figure({ value, label, detail, n }: { value: ReactNode; label: string; detail: string; n?: number }) {
  return (
    <div className="govuk-grid-column-one-quarter app-figure">
      <div className="app-stat" data-testid="figure">
        <span className="app-stat__value">{value}</span>
        <span className="app-stat__label">{label}</span>
        <span className="app-stat__label app-meta">{detail}</span>
        {n !== undefined ? <LowN n={n} /> : null}
      </div>
    </div>
  );
}

const of = (p: Percent) => `${p.numerator} of ${p.denominator}`;

/** What the room link holds, so a reader sees how much of the count rests on it (ADR 009). */
function roomLinkDetail(room: ReportData["headline"]["roomLink"]) {
  if (!room.held && !room.voided) return "none through the room link";
  const parts = [`${room.counted} of ${room.held} through the room link`];
  if (room.over) parts.push(`${room.over} beyond the number who came, not counted`);
  if (room.voided) parts.push(`${room.voided} voided`);
  return parts.join("; ");
}

export function HeadlineFigures({ headline: h }: ReportData) {
  return (
    <>
      <div className="govuk-grid-row">
        <Figure value={h.sessionsDelivered} label="sessions delivered" detail="finished and not cancelled" />
        <Figure value={h.booked} label="places booked" detail="confirmed bookings" />
        <Figure
          value={h.people}
          label={h.people === 1 ? "person attended" : "people attended"}
          detail={h.attended === h.people ? "marked on the register" : `${h.attended} attendances: some came to more than one session`}
        />
        <Figure
          value={formatPercent(h.noShowRate)}
          label="did not attend"
          detail={`${of(h.noShowRate)} marked on registers`}
          n={h.noShowRate.denominator}
        />
      </div>
      <div className="govuk-grid-row">
        <Figure
          value={h.responses}
          label={h.responses === 1 ? "feedback response counted" : "feedback responses counted"}
          detail={roomLinkDetail(h.roomLink)}
        />
        <Figure
          value={formatPercent(h.responseRate)}
          label="response rate"
          detail={`${h.responses} responses, ${h.responseRate.denominator} who came`}
          n={h.responseRate.denominator}
        />
        {h.topBox ? (
          <Figure value={formatPercent(h.topBox)} label={`said “${h.topBoxLabel}”`} detail={of(h.topBox)} n={h.topBox.denominator} />
        ) : null}
        {h.topTwo ? (
          <Figure value={formatPercent(h.topTwo)} label="in the top two answers" detail={of(h.topTwo)} n={h.topTwo.denominator} />
        ) : null}
      </div>
      <div className="govuk-grid-row">
        {h.recommend ? (
          <Figure value={formatPercent(h.recommend)} label="would recommend it" detail={of(h.recommend)} n={h.recommend.denominator} />
        ) : null}
        {h.confidenceBefore && h.confidenceAfter ? (
          <Figure
            value={`${h.confidenceBefore.mean ?? "–"} → ${h.confidenceAfter.mean ?? "–"}`}
            label="average confidence, before → after (1 to 5)"
            detail={`n = ${h.confidenceBefore.n} and ${h.confidenceAfter.n}`}
            n={Math.min(h.confidenceBefore.n, h.confidenceAfter.n)}
          />
        ) : null}
        {h.uplift ? (
          <Figure
            value={h.uplift.mean === null ? "–" : `${h.uplift.mean > 0 ? "+" : ""}${h.uplift.mean}`}
            label="average rise in confidence"
            detail={`${h.uplift.n} people who answered both`}
            n={h.uplift.n}
          />
        ) : null}
        {h.recommendScore ? (
          <Figure
            value={h.recommendScore.nps ?? "–"}
            label="recommend score (0–10: promoters minus detractors)"
            detail={`average ${h.recommendScore.mean ?? "–"}, n = ${h.recommendScore.n}`}
            n={h.recommendScore.n}
          />
        ) : null}
      </div>
    </>
  );
}

/** One question's results, as the report returns them. */
export type QuestionView = QuestionReport;

export function QuestionResult({ question: q, number, chart }: { question: QuestionView; number: number; chart?: string | null }) {
  return (
    <section className="app-question-result" aria-labelledby={`q-${q.id}`}>
      <h3 className="govuk-heading-s" id={`q-${q.id}`}>
        {number}. {q.prompt}
      </h3>
      <p className="govuk-body-s app-meta">
        {q.answered} {q.answered === 1 ? "response" : "responses"} answered this question <LowN n={q.answered} />
      </p>
      {q.agreed && q.agreed.value !== null ? (
        <p className="govuk-body govuk-!-font-weight-bold" data-testid="agreed">
          {formatPercent(q.agreed)} agreed ({q.agreed.numerator} of {q.agreed.denominator} said “strongly agree” or “agree”)
        </p>
      ) : null}
      {chart ? <div className="app-chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} /> : null}
      {q.distribution.length ? (
        <div className="app-table-scroll" role="region" aria-label={`Answers to question ${number}`} tabIndex={0}>
          <table className="govuk-table app-figures-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Answers to question {number}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Answer
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Number
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Percentage
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {q.distribution.map((d) => (
                <tr key={d.label} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {d.label}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{d.count}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPercent(d.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {q.mean !== null ? <p className="govuk-body">Average: {q.mean}</p> : null}
      {q.grid.length ? (
        <div className="app-table-scroll" role="region" aria-label={`Answers to question ${number}, row by row`} tabIndex={0}>
          <table className="govuk-table app-figures-table">
            <caption className="govuk-table__caption govuk-visually-hidden">
              Answers to question {number}, row by row (percentages of those answering each row)
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header" />
                {q.grid[0]!.counts.map((c) => (
                  <th key={c.label} scope="col" className="govuk-table__header govuk-table__header--numeric">
                    {c.label}
                  </th>
                ))}
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  n
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {q.grid.map((g) => (
                <tr key={g.row} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {g.row}
                  </th>
                  {g.counts.map((c) => (
                    <td key={c.label} className="govuk-table__cell govuk-table__cell--numeric">
                      {formatPercent(c.percent)} ({c.count})
                    </td>
                  ))}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{g.answered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {q.ranking.length ? (
        <>
          <div className="app-table-scroll" role="region" aria-label={`Ranking for question ${number}`} tabIndex={0}>
            <table className="govuk-table app-figures-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Ranking for question {number}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Option
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Points
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Ranked first
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Ranked at all
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {q.ranking.map((r) => (
                  <tr key={r.option} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {r.option}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{r.points}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{r.firsts}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{r.ranked}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="govuk-body-s app-meta">
            Points: a first choice scores as many points as there are places to rank, the last place 1.
          </p>
        </>
      ) : null}
      {q.otherTexts.length ? (
        <>
          <p className="govuk-body">“Other” answers:</p>
          <ul className="govuk-list govuk-list--bullet">
            {q.otherTexts.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </>
      ) : null}
      {q.texts.latest.length ? (
        <>
          <ul className="govuk-list govuk-list--bullet app-free-text">
            {q.texts.latest.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
          {q.texts.count > q.texts.latest.length ? (
            <p className="govuk-body-s app-meta">
              The latest {q.texts.latest.length} of {q.texts.count}. All of them are in the responses download.
            </p>
          ) : null}
        </>
      ) : null}
      {q.quotes.length ? (
        <Quotes quotes={q.quotes} />
      ) : q.type === "quote" ? (
        <p className="govuk-body">Nobody has given permission to share a comment yet.</p>
      ) : null}
    </section>
  );
}

export function Quotes({ quotes }: { quotes: Array<{ text: string; attribution: string }> }) {
  return (
    <>
      {quotes.map((quote, i) => (
        <blockquote key={i} className="app-quote">
          <p className="govuk-body-l">“{quote.text}”</p>
          <footer className="govuk-body">{quote.attribution}</footer>
        </blockquote>
      ))}
    </>
  );
}

export function SectorTable({ sectors }: { sectors: Array<{ sector: Sector; attendees: number; people: number; organisations: number }> }) {
  if (!sectors.length) return <p className="govuk-body">Nobody has been marked as attending yet.</p>;
  return (
    <div className="app-table-scroll" role="region" aria-label="Who took part" tabIndex={0}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">People who attended, by sector</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Sector
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Organisations
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
          {sectors.map((s) => (
            <tr key={s.sector} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                {SECTOR_LABELS[s.sector] ?? s.sector}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{s.organisations}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{s.people}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{s.attendees}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HowFiguresWork() {
  return (
    <details className="govuk-details app-no-print">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">How these figures are worked out</span>
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list govuk-list--bullet">
          <li>Only sessions that have finished and were not cancelled count.</li>
          <li>
            Percentages of an answer are out of the responses that answered that question: a blank answer is left out, not counted as “no”.
          </li>
          <li>Percentages are whole numbers, rounded half up (12.5% shows as 13%). Each shows how many answers it rests on.</li>
          <li>A figure resting on fewer than {LOW_N} answers is marked: treat it with care.</li>
          <li>
            “Did not attend” is out of people marked on registers. The response rate is out of those who came (or everyone with a place, for
            sessions where no register was taken).
          </li>
          <li>
            Responses through the room link (the QR code shown in the room) cannot be tied to a person. A second response from the same
            device replaces the first, and for each session they count only up to the number who came, after the responses through
            attendees&apos; own links, in the order they arrived. Any beyond that are held but not counted, and an organiser can void a
            response that is not genuine. So no session can have more responses counted than people who came.
          </li>
          <li>The rise in confidence compares each person&apos;s own before and after answers, for people who answered both.</li>
          <li>The recommend score (for 0 to 10 questions) is the percentage scoring 9 or 10 minus the percentage scoring 0 to 6.</li>
        </ul>
      </div>
    </details>
  );
}
