/**
 * Action-plan deadlines are free text ("Quarterly updates", "25 th November 2019", "TBC when bill is
 * published"). The text is always kept as written; this reads a date out of it where there is one, and
 * recognises deadlines that are ongoing rather than due on a day.
 */

export type ParsedDeadline = {
  /** `YYYY-MM-DD`, the last day the action is due by; null when no date can be read. */
  date: string | null;
  /** Recurring or continuous work ("Ongoing", "Quarterly updates"): judged BLUE, not against a date. */
  ongoing: boolean;
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  const full = MONTHS.indexOf(w);
  if (full >= 0) return full;
  const abbr = MONTH_ABBREVIATIONS.indexOf(w === "sept" ? "sep" : w);
  return abbr;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const valid = (y: number, m: number, d: number) => m >= 0 && m < 12 && d >= 1 && d <= lastDayOfMonth(y, m) && y >= 1990 && y <= 2100;

/** End of each season as councils use the words (meteorological seasons). */
const SEASON_END: Record<string, [number, number]> = {
  spring: [4, 31],
  summer: [7, 31],
  autumn: [10, 30],
  fall: [10, 30],
};

export function parseDeadline(text: string): ParsedDeadline {
  const raw = text.trim();
  const t = raw.toLowerCase();
  const ongoing = /\b(ongoing|on-going|continuous|quarterly|monthly|annually|every|each meeting|regular)/.test(t);
  return { date: readDate(t), ongoing };
}

function readDate(t: string): string | null {
  // 2019-11-25
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
    return valid(y, mo, d) ? iso(y, mo, d) : null;
  }
  // 25/11/2019 or 25.11.19 (UK order: day first)
  m = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b/.exec(t);
  if (m) {
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const [mo, d] = [Number(m[2]) - 1, Number(m[1])];
    return valid(y, mo, d) ? iso(y, mo, d) : null;
  }
  // 25 th November 2019, 25th Nov 2019, 1 November, 2019
  m = /\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9}\.?),?\s+(\d{4})\b/.exec(t);
  if (m && monthIndex(m[2]!) >= 0) {
    const [y, mo, d] = [Number(m[3]), monthIndex(m[2]!), Number(m[1])];
    return valid(y, mo, d) ? iso(y, mo, d) : null;
  }
  // November 25th 2019
  m = /\b([a-z]{3,9}\.?)\s+(\d{1,2})\s*(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(t);
  if (m && monthIndex(m[1]!) >= 0) {
    const [y, mo, d] = [Number(m[3]), monthIndex(m[1]!), Number(m[2])];
    return valid(y, mo, d) ? iso(y, mo, d) : null;
  }
  // November 2019 → the end of that month
  m = /\b([a-z]{3,9}\.?)\s+(\d{4})\b/.exec(t);
  if (m && monthIndex(m[1]!) >= 0) {
    const [y, mo] = [Number(m[2]), monthIndex(m[1]!)];
    return iso(y, mo, lastDayOfMonth(y, mo));
  }
  // Spring 2020 → the end of spring
  m = /\b(spring|summer|autumn|fall)\s+(\d{4})\b/.exec(t);
  if (m) {
    const [mo, d] = SEASON_END[m[1]!]!;
    return iso(Number(m[2]), mo, d);
  }
  // Q3 2020 (calendar quarters) → the quarter's last day
  m = /\bq([1-4])\s+(\d{4})\b/.exec(t);
  if (m) {
    const y = Number(m[2]);
    const mo = Number(m[1]) * 3 - 1;
    return iso(y, mo, lastDayOfMonth(y, mo));
  }
  // 2020/21 (a financial year) → 31 March of its second year
  m = /\b(\d{4})\s*[/-]\s*(\d{2}|\d{4})\b/.exec(t);
  if (m) {
    const second = m[2]!.length === 2 ? Math.floor(Number(m[1]) / 100) * 100 + Number(m[2]) : Number(m[2]);
    if (second === Number(m[1]) + 1) return iso(second, 2, 31);
  }
  // "by 2021", "end of 2021" → 31 December
  m = /\b(?:by|end of|in|during)\s+(\d{4})\b/.exec(t) ?? /^(\d{4})$/.exec(t);
  if (m) return iso(Number(m[1]), 11, 31);
  return null;
}
