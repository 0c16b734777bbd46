import { Link } from "@remix-run/react";

import { ProgressBar, RagTag } from "~/components/rag";
import type { PlanView } from "~/models/action-plan.server";
import { formatDate } from "~/utils/dates";

/** One action of the plan as the plan view returns it, with its targets measured. */
export type PlanActionView = PlanView["priorities"][number]["actions"][number];

type TargetView = PlanActionView["targets"][number];

/** "87% (target 85%), n = 23" for a percentage; "12 of 50" for a count: whole numbers, as the committee reads them. */
export function targetFigure(t: Pick<TargetView, "actual" | "targetValue" | "isPercent" | "n">): string {
  const target = Math.round(t.targetValue);
  if (t.isPercent) return `${t.actual === null ? "no figure yet" : `${Math.round(t.actual)}%`} (target ${target}%), n = ${t.n ?? 0}`;
  return `${t.actual === null ? "–" : Math.round(t.actual)} of ${target}`;
}

/** The committee table, with progress: one row per action. With `filledRag` the RAG cell is filled in its colour, as printed plans are. */
export function PlanTable({
  planId,
  actions,
  linkActions,
  filledRag = false,
}: {
  planId: number;
  actions: PlanActionView[];
  linkActions: boolean;
  filledRag?: boolean;
}) {
  return (
    <table className="govuk-table app-plan-table" data-testid="plan-table">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header app-plan-table__action">
            Key action
          </th>
          <th scope="col" className="govuk-table__header">
            Deadline
          </th>
          <th scope="col" className="govuk-table__header">
            Outcome and lead
          </th>
          <th scope="col" className="govuk-table__header app-plan-table__progress">
            Progress
          </th>
          <th scope="col" className="govuk-table__header">
            RAG
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {actions.map((a) => (
          <tr key={a.id} className="govuk-table__row" data-testid="plan-action" data-action-id={a.id}>
            <td className="govuk-table__cell">
              {linkActions ? (
                <Link className="govuk-link" to={`/admin/plans/${planId}/actions/${a.id}`}>
                  {a.keyAction}
                </Link>
              ) : (
                a.keyAction
              )}
              {a.notes ? <p className="govuk-body-s app-meta govuk-!-margin-top-1 govuk-!-margin-bottom-0">{a.notes}</p> : null}
            </td>
            <td className="govuk-table__cell">
              {a.deadlineText || "—"}
              {a.deadlineOn && a.deadlineText !== a.deadlineOn ? (
                <span className="govuk-body-s app-meta"> ({formatDate(new Date(`${a.deadlineOn}T12:00:00Z`))})</span>
              ) : null}
            </td>
            <td className="govuk-table__cell">
              {a.outcome}
              {a.lead ? <p className="govuk-body-s app-meta govuk-!-margin-top-1 govuk-!-margin-bottom-0">Lead: {a.lead}</p> : null}
            </td>
            <td className="govuk-table__cell">
              {a.targets.length ? (
                a.targets.map((t) => (
                  <div key={t.id} className="govuk-!-margin-bottom-2" data-testid="plan-target">
                    <span className="govuk-body-s">{t.label}</span>
                    <ProgressBar value={t.progress} label={`${t.label}: ${targetFigure(t)}`} />
                    <span className="govuk-body-s" data-testid="target-figure">
                      {targetFigure(t)}
                    </span>{" "}
                    <RagTag status={t.rag.status} />
                  </div>
                ))
              ) : (
                <span className="govuk-body-s app-meta">No target set</span>
              )}
            </td>
            <td
              className={`govuk-table__cell${filledRag ? ` app-rag-cell app-rag-cell--${a.ragOverride ?? a.computed?.status ?? "none"}` : ""}`}
            >
              {a.ragOverride ? (
                <>
                  <RagTag status={a.ragOverride} testId="rag-shown" />
                  <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">Set by hand: {a.ragOverrideReason}</p>
                  <p className="govuk-body-s app-meta govuk-!-margin-bottom-0">
                    Computed: <RagTag status={a.computed?.status ?? null} testId="rag-computed" />
                  </p>
                </>
              ) : (
                <>
                  <RagTag status={a.computed?.status ?? null} testId="rag-computed" />
                  {a.computed ? (
                    <p className="govuk-body-s app-meta govuk-!-margin-top-1 govuk-!-margin-bottom-0">{a.computed.reason}</p>
                  ) : null}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RagRules() {
  return (
    <details className="govuk-details app-no-print">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">How the RAG status is worked out</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          For targets that count something (people trained, organisations reached, sessions delivered, places booked):
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            <strong>Complete</strong> when the count reaches the target.
          </li>
          <li>
            <strong>Blue</strong> for ongoing targets with no end date.
          </li>
          <li>
            <strong>Red</strong> when the end date has passed without reaching the target.
          </li>
          <li>
            Otherwise, against a steady pace (the target × the share of the time gone): <strong>Green</strong> at 90% of that pace or more,{" "}
            <strong>Amber</strong> at 60% or more, <strong>Red</strong> below 60%.
          </li>
        </ul>
        <p className="govuk-body">For percentage targets (% extremely useful, % would recommend), on the figure so far:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            With fewer than 5 answers: <strong>Amber</strong> while the window is open, <strong>Red</strong> once it has ended.
          </li>
          <li>
            <strong>Green</strong> at or above the target; <strong>Amber</strong> up to 10 points below; <strong>Red</strong> more than 10
            below.
          </li>
          <li>
            When the window has ended: <strong>Complete</strong> if at or above the target, otherwise <strong>Red</strong>. With no end
            date: <strong>Blue</strong>.
          </li>
          <li>
            &ldquo;At or above&rdquo; means the exact share of answers, not the rounded percentage: 17 of 23 (73.9%, shown as 74%) has not
            met a 74% target.
          </li>
        </ul>
        <p className="govuk-body">
          An action takes its least favourable target&apos;s status (Complete only when every target is met). An action with no target is
          Blue if ongoing, otherwise not measured. An officer can set a status by hand, with a reason: both are shown.
        </p>
      </div>
    </details>
  );
}
