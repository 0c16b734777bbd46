/**
 * Times are stored as UTC instants and shown in UK time. Organisers type UK wall-clock times; these helpers
 * turn them into instants using the platform's time-zone database, so clock changes are handled by the
 * same rules the rest of the world uses. Safe for the browser bundle.
 */

export const UK_TIME_ZONE = "Europe/London";

// Building an Intl.DateTimeFormat with a time zone costs far more than using one, and a page listing hundreds
// of sessions formats thousands of dates; so each set of options gets one formatter, made on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat("en-GB", options)));
  return f;
}

const parts = (date: Date, options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(
    formatter({ timeZone: UK_TIME_ZONE, hourCycle: "h23", ...options })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;

/** Minutes UK time is ahead of UTC at this instant, asked of the time-zone database. */
function offsetFromIntl(instant: Date): number {
  const p = parts(instant, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

// UK clocks have changed only on whole hours of UTC since 1900 (before 1848 London kept its own mean time):
// the offset is asked once per hour of UTC and remembered. Asking the time-zone database for every date shown
// was a fifth of the time of a page listing sessions (issue 13).
const HOUR = 3600_000;
const SINCE_1900 = Date.UTC(1900, 0, 1);
const offsets = new Map<number, number>();

/** Minutes UK time is ahead of UTC at this instant (0 in winter, 60 in summer). */
export function ukOffsetMinutes(instant: Date): number {
  const time = instant.getTime();
  if (!(time >= SINCE_1900)) return offsetFromIntl(instant);
  const hour = Math.floor(time / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    // Bounded: a server formats the hours of a few years of sessions, not every hour there is.
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, (offset = offsetFromIntl(new Date(hour * HOUR))));
  }
  return offset;
}

export type LocalDate = { year: number; month: number; day: number };
export type LocalTime = { hour: number; minute: number };

/**
 * The instant at which UK clocks show this date and time. In the autumn hour that happens twice the
 * earlier (BST) instant is chosen; a time skipped in spring (01:30 on the last Sunday of March) does not
 * exist and gives null, so a form can say so rather than silently moving the session.
 */
export function ukLocalToUtc(date: LocalDate, time: LocalTime): Date | null {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  for (const offset of [60, 0]) {
    const candidate = new Date(wall - offset * 60_000);
    if (ukOffsetMinutes(candidate) === offset) {
      const back = toUkParts(candidate);
      if (
        back.year === date.year &&
        back.month === date.month &&
        back.day === date.day &&
        back.hour === time.hour &&
        back.minute === time.minute
      ) {
        return candidate;
      }
    }
  }
  return null;
}

export function toUkParts(instant: Date): LocalDate & LocalTime & { weekday: number } {
  // The UK wall clock is the UTC clock moved on by the offset.
  const wall = new Date(instant.getTime() + ukOffsetMinutes(instant) * 60_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "Tuesday 3 March 2026" */
export function formatDate(instant: Date): string {
  // Built from parts: ICU versions differ on the comma after the weekday, and GOV.UK style has none.
  const p = toUkParts(instant);
  return `${WEEKDAYS[p.weekday]} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

// The platform's own short names ("Sept" or "Sep" depends on its ICU), asked once.
let shortMonths: string[] | null = null;

/** "3 Mar 2026" */
export function formatShortDate(instant: Date): string {
  const p = toUkParts(instant);
  shortMonths ??= MONTHS.map((_, m) => formatter({ timeZone: "UTC", month: "short" }).format(Date.UTC(2001, m, 15)));
  return `${p.day} ${shortMonths[p.month - 1]} ${p.year}`;
}

/** "10am", "2:30pm" — the GOV.UK style for times. */
export function formatTime(instant: Date): string {
  const { hour, minute } = toUkParts(instant);
  if (hour === 0 && minute === 0) return "midnight";
  if (hour === 12 && minute === 0) return "midday";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? "am" : "pm";
  return minute === 0 ? `${h}${suffix}` : `${h}:${String(minute).padStart(2, "0")}${suffix}`;
}

/** "Tuesday 3 March 2026, 10am to 12:30pm" (both ends on the same day), else with both dates. */
export function formatTimeRange(start: Date, end: Date): string {
  const sameDay = formatDate(start) === formatDate(end);
  return sameDay
    ? `${formatDate(start)}, ${formatTime(start)} to ${formatTime(end)}`
    : `${formatDate(start)}, ${formatTime(start)} to ${formatDate(end)}, ${formatTime(end)}`;
}

/** "3 March 2026 at 10am" */
export function formatDateTime(instant: Date): string {
  const p = toUkParts(instant);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year} at ${formatTime(instant)}`;
}

/** `YYYY-MM-DD` of the UK calendar day this instant falls on. */
export function ukDateKey(instant: Date): string {
  const { year, month, day } = toUkParts(instant);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `HH:MM` in UK time, for prefilling time inputs. */
export function ukTimeKey(instant: Date): string {
  const { hour, minute } = toUkParts(instant);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** `YYYY-MM` of the UK month this instant falls in. */
export function ukMonthKey(instant: Date): string {
  return ukDateKey(instant).slice(0, 7);
}

export function formatMonthKey(key: string): string {
  const [y, m] = key.split("-").map(Number);
  return formatter({ month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** Adds calendar days/months in UK local time, keeping the wall-clock time (used for series). */
export function addUkCalendar(instant: Date, { days = 0, months = 0 }: { days?: number; months?: number }): Date | null {
  const p = toUkParts(instant);
  const target = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  const daysInMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  // "Monthly" from the 31st lands on the last day of shorter months rather than spilling into the next.
  const day = months ? Math.min(p.day, daysInMonth) : p.day;
  const date = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day + days));
  return ukLocalToUtc(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    { hour: p.hour, minute: p.minute },
  );
}

/**
 * The years a date typed into the service may fall in. Sessions and targets are planned years ahead, not
 * centuries; past 9999 a date cannot even be written in a calendar file.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** A real `YYYY-MM-DD` date between FIRST_YEAR and LAST_YEAR. */
export function isServiceDate(value: string): boolean {
  const date = parseDateKey(value);
  return date !== null && date.year >= FIRST_YEAR && date.year <= LAST_YEAR;
}

export function inServiceYears(instant: Date): boolean {
  const year = toUkParts(instant).year;
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Parses `YYYY-MM-DD` strictly (real calendar date). */
export function parseDateKey(value: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Parses `HH:MM` (24-hour). */
export function parseTimeKey(value: string): LocalTime | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/**
 * A time of day as staff type it (issue 15): "14:00", "2pm", "2:30pm", "2.30 pm", "10am", "midday" or "noon",
 * as `HH:MM`; null for anything else, including "2" (morning or afternoon?) and "13pm".
 */
export function readTypedTime(value: string): string | null {
  const typed = value.trim().toLowerCase().replace(/\s+/g, "");
  if (typed === "midday" || typed === "noon" || typed === "12noon") return "12:00";
  if (typed === "midnight") return "00:00";
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)$/.exec(typed);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2] ?? "0");
    if (hour < 1 || hour > 12 || minute > 59) return null;
    const h24 = (hour % 12) + (twelve[3]!.startsWith("p") ? 12 : 0);
    return `${String(h24).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  }
  const plain = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(typed);
  return plain ? `${plain[1]!.padStart(2, "0")}:${plain[2]}` : null;
}

const DAY_MS = 86_400_000;

/**
 * Days from 1 January 1970 to this UK calendar date (`YYYY-MM-DD`). Attendance facts carry the UK day of
 * their session in the same numbering (migration 0006), so date filters compare whole UK days.
 */
export function ukDayNumber(key: string): number {
  return Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / DAY_MS;
}

/** `YYYY-MM-DD` of a UK day number. */
export function dayNumberKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant UK midnight begins this day number (23:00 UTC the evening before, in summer time). */
export function ukDayStart(day: number): Date {
  const d = new Date(day * DAY_MS);
  // Midnight exists on every UK day: the clocks change at 01:00 and 02:00.
  return ukLocalToUtc({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, { hour: 0, minute: 0 })!;
}

/** Midnight UTC at the start of an instant's UTC day: all that is kept of when anonymous feedback was given. */
export function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}
