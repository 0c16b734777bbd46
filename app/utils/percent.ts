/**
 * Percentages as the partnership's papers print them: whole numbers, rounded half up, computed with
 * integers so 17 of 20 is exactly 85 and 1 of 8 is 13 (12.5 rounds up). Every figure carries its n, and a
 * figure resting on fewer than 5 answers is flagged. See docs/decisions/009-report-figures.md.
 */
export const LOW_N = 5;

export type Percent = { numerator: number; denominator: number; value: number | null; lowN: boolean };

export function percent(numerator: number, denominator: number): Percent {
  if (denominator <= 0) return { numerator, denominator, value: null, lowN: true };
  // round(100 * n / d), half up, without floating point: floor((200n + d) / 2d).
  const value = Math.floor((200 * numerator + denominator) / (2 * denominator));
  return { numerator, denominator, value, lowN: denominator < LOW_N };
}

export function formatPercent(p: Pick<Percent, "value">): string {
  return p.value === null ? "–" : `${p.value}%`;
}

/** Mean to one decimal place, half up; null with nothing to average. */
export function mean(sum: number, n: number): number | null {
  if (n <= 0) return null;
  return Math.floor((20 * sum + n) / (2 * n)) / 10;
}
