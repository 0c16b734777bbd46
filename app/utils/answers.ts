/**
 * Turning a posted feedback form into answer rows, or into a message for each question. Pure (no database),
 * so every question type's rules are unit-tested directly. Field names:
 *   q<id>                single value: choice, yes/no, scale, agreement, text, quote comment
 *   q<id> (repeated)     multiple choice ticks;  q<id>-other  its "Other, please say" text
 *   q<id>-r<row index>   one grid row's choice
 *   q<id>-rank<k>        the option ranked k-th (1 = first)
 *   q<id>-permission     quote: "organisation" | "anonymous" | "no"
 */
import type { FieldErrors, FormValues } from "~/utils/forms";
import { translator, type MessageKey, type Translate } from "~/utils/i18n";

import type { QuestionType } from "../../domain/vocabulary";

const ENGLISH = translator("en");

export type QuestionForAnswers = {
  id: number;
  type: QuestionType;
  prompt: string;
  required: boolean;
  config: {
    options?: string[];
    rows?: string[];
    allowOther?: boolean;
    maxRank?: number;
    min?: number;
    max?: number;
    maxLength?: number;
  };
};

export type AnswerRow = {
  questionId: number;
  rowKey?: string | null;
  choice?: string | null;
  rank?: number | null;
  number?: number | null;
  text?: string | null;
  quotePermission?: boolean | null;
  quoteAttribution?: "organisation" | "anonymous" | null;
};

export const OTHER = "Other";
const DEFAULT_MAX_LENGTH: Partial<Record<QuestionType, number>> = { short_text: 200, long_text: 2000, quote: 1000 };
/** Enough for any answer a person types; a longer "Other" is refused rather than cut. */
const OTHER_MAX_LENGTH = 200;

export const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

export function fieldName(question: { id: number }, suffix = "") {
  return `q${question.id}${suffix}`;
}

function one(values: FormValues, key: string): string {
  const v = values[key];
  return (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
}

function many(values: FormValues, key: string): string[] {
  const v = values[key];
  return (Array.isArray(v) ? v : v ? [v] : []).map((x) => x.trim()).filter(Boolean);
}

/** The options a question offers (yes/no and agreement have fixed ones). */
export function optionsOf(q: QuestionForAnswers): string[] {
  return q.config.options ?? [];
}

/**
 * Reads a form's answers. Messages are in the page's language (`t`, English by default), each naming its
 * question by number, and any option by the words the page showed (`shown`).
 */
export function parseAnswers(
  questions: QuestionForAnswers[],
  values: FormValues,
  { anonymous, t = ENGLISH, shown = (text: string) => text }: { anonymous: boolean; t?: Translate; shown?: (text: string) => string },
): { ok: true; rows: AnswerRow[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const rows: AnswerRow[] = [];

  questions.forEach((q, index) => {
    const n = index + 1;
    const name = fieldName(q);
    const fail = (message: MessageKey, key = name, values: Record<string, string | number> = {}) => {
      errors[key] ??= t(message, { n, ...values });
    };
    const options = optionsOf(q);

    switch (q.type) {
      case "single_choice":
      case "yes_no":
      case "agreement": {
        const value = one(values, name);
        if (!value) {
          if (q.required) fail("answers.error.select");
          return;
        }
        if (!options.includes(value)) return fail("answers.error.selectShown");
        rows.push({ questionId: q.id, choice: value });
        return;
      }
      case "multiple_choice": {
        const ticked = [...new Set(many(values, name))];
        const otherText = one(values, fieldName(q, "-other"));
        const allowed = q.config.allowOther ? [...options, OTHER] : options;
        if (ticked.some((t) => !allowed.includes(t))) return fail("answers.error.selectFrom");
        if (ticked.includes(OTHER) && !otherText) return fail("answers.error.otherSay", fieldName(q, "-other"));
        if (otherText.length > OTHER_MAX_LENGTH)
          return fail("answers.error.otherTooLong", fieldName(q, "-other"), { max: OTHER_MAX_LENGTH });
        if (!ticked.length) {
          if (q.required) fail("answers.error.selectOne");
          return;
        }
        for (const choice of ticked) rows.push({ questionId: q.id, choice, text: choice === OTHER ? otherText : null });
        return;
      }
      case "scale": {
        const raw = one(values, name);
        const min = q.config.min ?? 0;
        const max = q.config.max ?? 10;
        if (!raw) {
          if (q.required) fail("answers.error.number");
          return;
        }
        const n = Number(raw);
        if (!/^\d{1,2}$/.test(raw) || n < min || n > max) return fail("answers.error.numberRange", name, { min, max });
        rows.push({ questionId: q.id, number: n });
        return;
      }
      case "grid": {
        const gridRows = q.config.rows ?? [];
        const answered: AnswerRow[] = [];
        gridRows.forEach((row, r) => {
          const key = fieldName(q, `-r${r}`);
          const value = one(values, key);
          if (!value) {
            if (q.required) fail("answers.error.selectRow", key, { row: shown(row) });
            return;
          }
          if (!options.includes(value)) return fail("answers.error.selectRowShown", key, { row: shown(row) });
          answered.push({ questionId: q.id, rowKey: row, choice: value });
        });
        // Rows that do not exist are refused, not ignored: someone is posting by hand.
        const extra = Object.keys(values).some(
          (k) => k.startsWith(fieldName(q, "-r")) && Number(k.slice(fieldName(q, "-r").length)) >= gridRows.length,
        );
        if (extra) return fail("answers.error.onlyRows");
        rows.push(...answered);
        return;
      }
      case "ranking": {
        const maxRank = q.config.maxRank ?? options.length;
        const prefix = fieldName(q, "-rank");
        const posted = Object.keys(values)
          .filter((k) => k.startsWith(prefix))
          .map((k) => ({ k: Number(k.slice(prefix.length)), value: one(values, k) }))
          .filter((p) => p.value);
        if (posted.some((p) => !Number.isInteger(p.k) || p.k < 1 || p.k > maxRank))
          return fail("answers.error.rankMax", name, { max: maxRank });
        const byRank = new Map(posted.map((p) => [p.k, p.value]));
        const chosen = [...byRank.values()];
        if (chosen.some((c) => !options.includes(c))) return fail("answers.error.chooseShown");
        const repeated = chosen.find((c, i) => chosen.indexOf(c) !== i);
        if (repeated) return fail("answers.error.repeated", name, { option: shown(repeated) });
        const needed = q.required ? maxRank : byRank.size;
        for (let k = 1; k <= needed; k++) {
          if (!byRank.has(k))
            return fail(q.required ? "answers.error.rankNeeded" : "answers.error.rankBefore", fieldName(q, `-rank${k}`), {
              rank: k,
              next: k + 1,
            });
        }
        for (const [rank, choice] of [...byRank].sort((a, b) => a[0] - b[0])) rows.push({ questionId: q.id, choice, rank });
        return;
      }
      case "short_text":
      case "long_text": {
        const text = one(values, name);
        const max = q.config.maxLength ?? DEFAULT_MAX_LENGTH[q.type]!;
        if (!text) {
          if (q.required) fail("answers.error.enter");
          return;
        }
        if (text.length > max) return fail("answers.error.tooLong", name, { max });
        rows.push({ questionId: q.id, text });
        return;
      }
      case "quote": {
        const text = one(values, name);
        const permission = one(values, fieldName(q, "-permission"));
        const max = q.config.maxLength ?? DEFAULT_MAX_LENGTH.quote!;
        const allowed = anonymous ? ["anonymous", "no"] : ["organisation", "anonymous", "no"];
        if (!text) {
          if (q.required) fail("answers.error.comment");
          return;
        }
        if (text.length > max) return fail("answers.error.commentTooLong", name, { max });
        if (!permission) return fail("answers.error.permission", fieldName(q, "-permission"));
        if (!allowed.includes(permission)) return fail("answers.error.permissionShown", fieldName(q, "-permission"));
        rows.push({
          questionId: q.id,
          text,
          quotePermission: permission !== "no",
          quoteAttribution: permission === "no" ? null : (permission as "organisation" | "anonymous"),
        });
        return;
      }
    }
  });

  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, rows };
}

/** The reverse: stored answers as form values, to show someone the answers they gave. */
export function answersToValues(questions: QuestionForAnswers[], rows: AnswerRow[]): FormValues {
  const values: FormValues = {};
  for (const q of questions) {
    const mine = rows.filter((r) => r.questionId === q.id);
    const name = fieldName(q);
    switch (q.type) {
      case "multiple_choice":
        values[name] = mine.map((r) => r.choice ?? "");
        {
          const other = mine.find((r) => r.choice === OTHER);
          if (other?.text) values[fieldName(q, "-other")] = other.text;
        }
        break;
      case "grid":
        (q.config.rows ?? []).forEach((row, i) => {
          const found = mine.find((r) => r.rowKey === row);
          if (found?.choice) values[fieldName(q, `-r${i}`)] = found.choice;
        });
        break;
      case "ranking":
        for (const r of mine) if (r.rank) values[fieldName(q, `-rank${r.rank}`)] = r.choice ?? "";
        break;
      case "scale":
        if (mine[0]?.number !== undefined && mine[0]?.number !== null) values[name] = String(mine[0].number);
        break;
      case "quote":
        if (mine[0]) {
          values[name] = mine[0].text ?? "";
          values[fieldName(q, "-permission")] = mine[0].quotePermission ? (mine[0].quoteAttribution ?? "anonymous") : "no";
        }
        break;
      case "short_text":
      case "long_text":
        if (mine[0]?.text) values[name] = mine[0].text;
        break;
      default:
        if (mine[0]?.choice) values[name] = mine[0].choice;
    }
  }
  return values;
}
