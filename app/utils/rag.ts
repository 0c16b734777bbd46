/**
 * RAG status from progress against time (docs/decisions/011-rag-rules.md; the plan page shows these words).
 *
 * Count targets (people trained, organisations reached, sessions delivered, bookings):
 *   COMPLETE  the count has reached the target (at any time);
 *   BLUE      otherwise, when the target has no end date (ongoing);
 *   RED       otherwise, when its end date has passed;
 *   GREEN     at least 90% of where a steady pace would be by now (target × share of the window gone);
 *   AMBER     at least 60% of that;
 *   RED       below 60%: well behind.
 * Percentage targets (% extremely useful, % would recommend), against the figure so far:
 *   fewer than 5 answers: AMBER while the window is open, RED once it has ended;
 *   BLUE      when the target has no end date;
 *   COMPLETE  at or above the target when the window has ended; RED below it;
 *   GREEN     at or above the target while the window is open;
 *   AMBER     up to 10 points below it;
 *   RED       more than 10 points below.
 * An action with targets takes the least favourable of them (RED, AMBER, GREEN, BLUE), or COMPLETE when all
 * are complete. An action without targets is BLUE if its deadline is ongoing, otherwise not measured: an
 * officer sets its status by hand. An officer's override is always shown next to the computed status.
 */
import { LOW_N } from "~/utils/percent";

import type { RagStatus, TargetMetric } from "../../domain/vocabulary";

export const RAG_LABELS: Record<RagStatus, string> = { complete: "Complete", green: "Green", amber: "Amber", red: "Red", blue: "Blue" };

export const PERCENT_METRICS: TargetMetric[] = ["pct_extremely_useful", "pct_recommend", "pct_applying"];

export type Measured = {
  metric: TargetMetric;
  target: number;
  /** The count, or the percentage (0–100) for percentage targets; null when nothing can be computed. */
  actual: number | null;
  /** Answers behind a percentage. */
  n?: number;
  /** For a percentage: the answers that count towards it (of n). The target is judged on this exact fraction. */
  numerator?: number;
  windowStartsOn: string;
  windowEndsOn: string | null;
};

export type RagResult = { status: RagStatus; reason: string; expected?: number };

const DAY = 86_400_000;
const dayOf = (key: string) => Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / DAY;

/** Share of the window gone by the end of `today` (a window of inclusive days), between 0 and 1. */
export function elapsedShare(windowStartsOn: string, windowEndsOn: string, today: string): number {
  const start = dayOf(windowStartsOn);
  const end = dayOf(windowEndsOn) + 1;
  const now = dayOf(today) + 1;
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

export function targetRag(m: Measured, today: string): RagResult {
  const ended = m.windowEndsOn !== null && today > m.windowEndsOn;
  if (PERCENT_METRICS.includes(m.metric)) {
    const n = m.n ?? 0;
    if (m.actual === null || n < LOW_N) {
      return ended
        ? {
            status: "red",
            reason: `The window ended with ${n} ${n === 1 ? "answer" : "answers"}: too few (fewer than ${LOW_N}) to show the target was met.`,
          }
        : { status: "amber", reason: `Only ${n} ${n === 1 ? "answer" : "answers"} so far: ${LOW_N} are needed before this can be judged.` };
    }
    if (m.numerator === undefined) throw new Error("A percentage target is judged on its exact fraction: give its numerator");
    // Judged on the exact fraction, never the rounded figure shown: 17 of 23 (73.9%, shown as 74%) has not met 74%.
    const numerator = m.numerator;
    const reaches = (pct: number) => numerator * 100 >= pct * n;
    const figure = `${m.actual}% (${numerator} of ${n})`;
    if (m.windowEndsOn === null) return { status: "blue", reason: `Ongoing: ${figure} so far against ${m.target}%.` };
    if (ended) {
      return reaches(m.target)
        ? { status: "complete", reason: `Met: ${figure} against ${m.target}%.` }
        : { status: "red", reason: `The window ended at ${figure}, below ${m.target}%.` };
    }
    if (reaches(m.target)) return { status: "green", reason: `On track: ${figure} so far against ${m.target}%.` };
    if (reaches(m.target - 10)) return { status: "amber", reason: `Behind: ${figure} so far, below ${m.target}% but within 10 points.` };
    return { status: "red", reason: `Well behind: ${figure} so far against ${m.target}%.` };
  }

  const actual = m.actual ?? 0;
  if (actual >= m.target) return { status: "complete", reason: `Met: ${actual} of ${m.target}.` };
  if (m.windowEndsOn === null) return { status: "blue", reason: `Ongoing: ${actual} of ${m.target} so far.` };
  if (ended) return { status: "red", reason: `The window ended with ${actual} of ${m.target}.` };
  const expected = m.target * elapsedShare(m.windowStartsOn, m.windowEndsOn, today);
  // People and sessions come whole: "about 30 expected", never "30.2" (the judgement uses the exact figure).
  const shown = Math.round(expected);
  if (actual >= 0.9 * expected)
    return { status: "green", reason: `On track: ${actual} of ${m.target}; about ${shown} expected by now.`, expected };
  if (actual >= 0.6 * expected)
    return { status: "amber", reason: `Behind: ${actual} of ${m.target}; about ${shown} expected by now.`, expected };
  return { status: "red", reason: `Well behind: ${actual} of ${m.target}; about ${shown} expected by now.`, expected };
}

const SEVERITY: RagStatus[] = ["red", "amber", "green", "blue"];

export function actionRag(targets: RagResult[], action: { ongoing: boolean }): RagResult | null {
  if (!targets.length) return action.ongoing ? { status: "blue", reason: "Ongoing action with no end date." } : null;
  if (targets.every((t) => t.status === "complete"))
    return { status: "complete", reason: targets.length === 1 ? targets[0]!.reason : "Every target met." };
  for (const status of SEVERITY) {
    const found = targets.find((t) => t.status === status);
    if (found) return found;
  }
  return null;
}
