import { describe, expect, it } from "vitest";

import {
  addUkCalendar,
  formatDate,
  formatDateTime,
  formatShortDate,
  formatTime,
  formatTimeRange,
  parseDateKey,
  parseTimeKey,
  ukDateKey,
  ukLocalToUtc,
  toUkParts,
  ukOffsetMinutes,
} from "~/utils/dates";

describe("UK time", () => {
  it("converts winter and summer wall-clock times to the right UTC instants", () => {
    expect(ukLocalToUtc({ year: 2026, month: 1, day: 15 }, { hour: 10, minute: 0 })!.toISOString()).toBe("2026-01-15T10:00:00.000Z");
    expect(ukLocalToUtc({ year: 2026, month: 7, day: 15 }, { hour: 10, minute: 0 })!.toISOString()).toBe("2026-07-15T09:00:00.000Z");
  });

  it("handles the clock changes: a skipped time is refused, a repeated time takes the first", () => {
    // Clocks go forward at 01:00 GMT on 29 March 2026: 01:30 does not exist.
    expect(ukLocalToUtc({ year: 2026, month: 3, day: 29 }, { hour: 1, minute: 30 })).toBeNull();
    expect(ukLocalToUtc({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 0 })!.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // Clocks go back at 02:00 BST on 25 October 2026: 01:30 happens twice; the BST one comes first.
    expect(ukLocalToUtc({ year: 2026, month: 10, day: 25 }, { hour: 1, minute: 30 })!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(ukOffsetMinutes(new Date("2026-10-25T00:59:00Z"))).toBe(60);
    expect(ukOffsetMinutes(new Date("2026-10-25T01:00:00Z"))).toBe(0);
  });

  it("keeps 10am UK time when adding weeks across the October change", () => {
    const before = ukLocalToUtc({ year: 2026, month: 10, day: 20 }, { hour: 10, minute: 0 })!;
    const after = addUkCalendar(before, { days: 7 })!;
    expect(before.toISOString()).toBe("2026-10-20T09:00:00.000Z");
    expect(after.toISOString()).toBe("2026-10-27T10:00:00.000Z");
    expect(formatTime(after)).toBe("10am");
  });

  it("keeps monthly dates inside short months", () => {
    const jan31 = ukLocalToUtc({ year: 2027, month: 1, day: 31 }, { hour: 9, minute: 30 })!;
    expect(ukDateKey(addUkCalendar(jan31, { months: 1 })!)).toBe("2027-02-28");
  });

  it("formats times the GOV.UK way", () => {
    const start = new Date("2026-12-02T10:00:00Z");
    expect(formatTimeRange(start, new Date("2026-12-02T12:30:00Z"))).toBe("Wednesday 2 December 2026, 10am to 12:30pm");
    expect(formatTime(new Date("2026-12-02T12:00:00Z"))).toBe("midday");
  });

  it("parses typed dates and times strictly", () => {
    expect(parseDateKey("2026-02-29")).toBeNull();
    expect(parseDateKey("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseTimeKey("9:05")).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeKey("24:00")).toBeNull();
  });
});

describe("UK time worked out from the offset per hour", () => {
  // What the time-zone database says, asked directly for each instant.
  const reference = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hourCycle: "h23",
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const short = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric" });
  const asked = (instant: Date) => Object.fromEntries(reference.formatToParts(instant).map((p) => [p.type, p.value]));
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

  const check = (instant: Date) => {
    const p = toUkParts(instant);
    const r = asked(instant);
    expect(
      { year: p.year, month: MONTHS[p.month - 1], day: p.day, hour: p.hour, minute: p.minute, weekday: WEEKDAYS[p.weekday] },
      instant.toISOString(),
    ).toEqual({
      year: Number(r.year),
      month: r.month,
      day: Number(r.day),
      hour: Number(r.hour),
      minute: Number(r.minute),
      weekday: r.weekday,
    });
    expect(formatDate(instant)).toBe(`${r.weekday} ${r.day} ${r.month} ${r.year}`);
    expect(formatDateTime(instant).split(" at ")[0]).toBe(`${r.day} ${r.month} ${r.year}`);
    expect(formatShortDate(instant)).toBe(short.format(instant));
  };

  it("agrees with the time-zone database on every minute either side of every clock change from 2000 to 2100", () => {
    // The offset by the time-zone database: UK wall-clock time read as UTC, less the instant.
    const offset = (time: number) => {
      const r = asked(new Date(time));
      return (
        Date.UTC(Number(r.year), MONTHS.indexOf(r.month!), Number(r.day), Number(r.hour), Number(r.minute)) -
        Math.floor(time / 60_000) * 60_000
      );
    };
    let changes = 0;
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2101, 0, 1); day += 86_400_000) {
      if (offset(day) === offset(day + 86_400_000)) continue;
      for (let hour = day + 3600_000; hour <= day + 86_400_000; hour += 3600_000) {
        if (offset(hour - 60_000) === offset(hour)) continue;
        changes++;
        for (const minutes of [-61, -60, -59, -1, 0, 1, 59, 60, 61]) check(new Date(hour + minutes * 60_000));
      }
    }
    expect(changes).toBe(2 * 101);
  });

  it("agrees with it at random instants across the years sessions can be in, and at midnights and year ends", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) check(new Date(Date.UTC(2000, 0, 1) + Math.floor(random() * 101 * 365.25 * 86_400_000)));
    for (const iso of [
      "2026-12-31T23:59:59.999Z",
      "2027-01-01T00:00:00Z",
      "2026-06-30T23:00:00Z",
      "2026-06-30T22:59:59Z",
      "1960-07-01T12:00:00Z",
    ])
      check(new Date(iso));
  });
});
