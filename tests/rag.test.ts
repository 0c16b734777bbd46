import { describe, expect, it } from "vitest";

import { targetFigure } from "~/components/plan-table";
import { percent } from "~/utils/percent";
import { actionRag, elapsedShare, targetRag, type Measured } from "~/utils/rag";

// A 100-day window: 2027-01-01 to 2027-04-10 inclusive. At the end of 2027-02-19 (day 50), half has gone.
const count = (actual: number, over: Partial<Measured> = {}): Measured => ({
  metric: "people_trained",
  target: 100,
  actual,
  windowStartsOn: "2027-01-01",
  windowEndsOn: "2027-04-10",
  ...over,
});
/** A percentage target's figure: `numerator` of `n` answers count, shown rounded as the page shows it. */
const pct = (numerator: number, n: number, over: Partial<Measured> = {}): Measured => ({
  metric: "pct_recommend",
  target: 90,
  actual: percent(numerator, n).value,
  numerator,
  n,
  windowStartsOn: "2027-01-01",
  windowEndsOn: "2027-04-10",
  ...over,
});
const MID = "2027-02-19";

describe("RAG for count targets", () => {
  it("measures time as the share of whole days gone", () => {
    expect(elapsedShare("2027-01-01", "2027-04-10", MID)).toBe(0.5);
    expect(elapsedShare("2027-01-01", "2027-04-10", "2026-12-31")).toBe(0);
    expect(elapsedShare("2027-01-01", "2027-04-10", "2027-04-10")).toBe(1);
  });

  it("is COMPLETE once the target is reached, whenever that is", () => {
    expect(targetRag(count(100), MID).status).toBe("complete");
    expect(targetRag(count(120, { windowEndsOn: null }), MID).status).toBe("complete");
    expect(targetRag(count(100), "2030-01-01").status).toBe("complete");
  });

  it("is GREEN from 90% of a steady pace, AMBER from 60%, RED below", () => {
    // Half-way, 50 are expected: 45 is exactly 90%, 30 exactly 60%.
    expect(targetRag(count(45), MID)).toMatchObject({ status: "green", expected: 50 });
    expect(targetRag(count(44), MID).status).toBe("amber");
    expect(targetRag(count(30), MID).status).toBe("amber");
    expect(targetRag(count(29), MID).status).toBe("red");
  });

  it("says how many are expected by now in whole people, though it judges on the exact pace", () => {
    // A third of the way through a 100-day window for 91: 30.33… expected; 28 is 92% of that pace.
    const r = targetRag(count(28, { target: 91, windowStartsOn: "2027-01-01", windowEndsOn: "2027-04-10" }), "2027-02-03");
    expect(r.reason).toMatch(/^On track: 28 of 91; about \d+ expected by now\.$/);
    expect(r.expected! % 1).not.toBe(0);
  });

  it("is GREEN before the window opens, RED once it has closed unmet, BLUE with no end", () => {
    expect(targetRag(count(0), "2026-12-01").status).toBe("green");
    expect(targetRag(count(99), "2027-04-10").status).toBe("green");
    expect(targetRag(count(80), "2027-04-10").status).toBe("amber");
    expect(targetRag(count(99), "2027-04-11")).toMatchObject({ status: "red", reason: "The window ended with 99 of 100." });
    expect(targetRag(count(3, { windowEndsOn: null }), MID).status).toBe("blue");
  });
});

describe("RAG for percentage targets", () => {
  it("needs 5 answers before judging", () => {
    expect(targetRag(pct(4, 4), MID).status).toBe("amber");
    expect(targetRag(pct(4, 4), "2027-05-01").status).toBe("red");
    expect(targetRag(pct(0, 0), MID).status).toBe("amber");
    expect(targetRag(pct(5, 5), MID).status).toBe("green");
  });

  it("is GREEN at or above the target, AMBER within 10 points, RED further below", () => {
    expect(targetRag(pct(18, 20), MID).status).toBe("green");
    expect(targetRag(pct(17, 20), MID).status).toBe("amber");
    expect(targetRag(pct(16, 20), MID).status).toBe("amber");
    expect(targetRag(pct(15, 20), MID).status).toBe("red");
  });

  it("is COMPLETE or RED when the window has ended, BLUE when it has no end", () => {
    expect(targetRag(pct(18, 20), "2027-04-11").status).toBe("complete");
    expect(targetRag(pct(17, 20), "2027-04-11").status).toBe("red");
    expect(targetRag(pct(19, 20, { windowEndsOn: null }), MID).status).toBe("blue");
  });

  it("judges the exact fraction, not the rounded figure it shows", () => {
    // 17 of 23 is 73.9%, shown as 74%: it has not met a 74% target.
    const short = pct(17, 23, { target: 74 });
    expect(short.actual).toBe(74);
    expect(targetRag(short, "2027-04-11")).toEqual({ status: "red", reason: "The window ended at 74% (17 of 23), below 74%." });
    expect(targetRag(short, MID).status).toBe("amber");
    // 63 of 100 is within 10 points of 74%; 127 of 200 (63.5%, shown as 64%) is not.
    expect(targetRag(pct(64, 100, { target: 74 }), MID).status).toBe("amber");
    expect(targetRag(pct(127, 200, { target: 74 }), MID).status).toBe("red");
    expect(targetRag(pct(37, 50, { target: 74 }), "2027-04-11").status).toBe("complete");
  });
});

describe("RAG for an action", () => {
  const r = (status: "complete" | "green" | "amber" | "red" | "blue") => ({ status, reason: status });
  it("takes its least favourable target, COMPLETE only when all are", () => {
    expect(actionRag([r("green"), r("red"), r("amber")], { ongoing: false })?.status).toBe("red");
    expect(actionRag([r("green"), r("complete")], { ongoing: false })?.status).toBe("green");
    expect(actionRag([r("complete"), r("complete")], { ongoing: false })?.status).toBe("complete");
    expect(actionRag([r("blue"), r("amber")], { ongoing: false })?.status).toBe("amber");
  });

  it("without targets is BLUE when ongoing, otherwise not measured", () => {
    expect(actionRag([], { ongoing: true })?.status).toBe("blue");
    expect(actionRag([], { ongoing: false })).toBeNull();
  });
});

describe("a target's figure as the plan shows it", () => {
  it("reads “87% (target 85%)” for a percentage and “12 of 50” for a count, in whole numbers", () => {
    expect(targetFigure({ actual: 87, targetValue: 85, isPercent: true, n: 23 })).toBe("87% (target 85%), n = 23");
    expect(targetFigure({ actual: null, targetValue: 85, isPercent: true, n: 0 })).toBe("no figure yet (target 85%), n = 0");
    expect(targetFigure({ actual: 12, targetValue: 50, isPercent: false, n: null })).toBe("12 of 50");
    expect(targetFigure({ actual: null, targetValue: 50, isPercent: false, n: null })).toBe("– of 50");
  });
});
