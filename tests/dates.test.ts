import { describe, expect, it } from "vitest";

import {
  addUkCalendar,
  formatTime,
  formatTimeRange,
  parseDateKey,
  parseTimeKey,
  ukDateKey,
  ukLocalToUtc,
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
