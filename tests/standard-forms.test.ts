/**
 * The standard forms' words, read once as a person filling them in would (issue 15): no hint that says what
 * another part of the question already says, and each scale's ends said once.
 */
import { describe, expect, it } from "vitest";

import { scaleHint } from "~/components/question-fields";
import { localTranslator } from "~/utils/i18n";
import { STANDARD_EVALUATION, STANDARD_FOLLOW_UP, STANDARD_MANAGER } from "~/utils/standard-evaluation";

const en = localTranslator("en");

const FORMS = { evaluation: STANDARD_EVALUATION, "follow-up": STANDARD_FOLLOW_UP, "line manager": STANDARD_MANAGER };

/** The sentences a question shows: its prompt, and its hint as the page writes it. */
function sentences(q: (typeof STANDARD_EVALUATION)[number]) {
  const hint = q.type === "scale" ? scaleHint(q.config, q.hint, en) : q.hint;
  return [q.prompt, ...(hint ?? "").split(/(?<=[.?!])\s+/)].filter(Boolean).map((s) => s.toLowerCase());
}

describe("the standard forms", () => {
  it("say what a scale's ends mean once, in words that read mid-sentence", () => {
    const before = STANDARD_EVALUATION.find((q) => q.metric === "confidence_before")!;
    expect(scaleHint(before.config, before.hint, en)).toBe("1 is not at all confident and 5 is very confident.");
    const later = STANDARD_FOLLOW_UP.find((q) => q.metric === "confidence_follow_up")!;
    expect(scaleHint(later.config, later.hint, en)).toBe(
      "The same scale as on the day. 1 is not at all confident and 5 is very confident.",
    );
    // An acronym keeps its capitals.
    expect(scaleHint({ min: 0, max: 10, minLabel: "NHS only", maxLabel: "Every agency" }, undefined, en)).toBe(
      "0 is NHS only and 10 is every agency.",
    );
  });

  for (const [name, questions] of Object.entries(FORMS))
    it(`${name}: no question repeats itself`, () => {
      for (const q of questions) {
        const said = sentences(q);
        expect(new Set(said).size, q.prompt).toBe(said.length);
        expect(said.filter((s) => /\b1 is\b/.test(s)).length, q.prompt).toBeLessThanOrEqual(1);
      }
    });
});
