/**
 * Turning posted forms into validated data, or into per-field messages plus the answers as typed, so a
 * page can show the GOV.UK error summary and refill every field. Safe for the browser bundle.
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Posted fields as strings; a field posted more than once (checkboxes) becomes a list. */
export function formValues(formData: FormData | URLSearchParams, multi: string[] = []): FormValues {
  // One pass over the entries (getAll per name would read them all again for every name).
  const all = new Map<string, string[]>();
  for (const [key, value] of formData.entries()) {
    const held = all.get(key) ?? [];
    if (typeof value === "string") held.push(value);
    all.set(key, held);
  }
  const values: FormValues = {};
  for (const [key, list] of all) values[key] = list.length > 1 || multi.includes(key) ? list : (list[0] ?? "");
  for (const key of multi) values[key] ??= [];
  return joinDateParts(values);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * GOV.UK's date input sends a date as three fields, `<name>-day`, `<name>-month` and `<name>-year` (issue 15):
 * joined here into `<name>` as `YYYY-MM-DD`, so a schema checks one date. A month may be typed as a number or a
 * name ("March", "mar"). All three empty is no date (""); anything else that is not a date becomes a value the
 * field's own check refuses, with its own message. A date posted whole (`<name>`) is taken as it is.
 */
export function joinDateParts(values: FormValues): FormValues {
  for (const key of Object.keys(values)) {
    const base = /^(.+)-day$/.exec(key)?.[1];
    if (!base || !(`${base}-month` in values) || !(`${base}-year` in values)) continue;
    if (typeof values[base] === "string" && values[base]) continue;
    const [day, month, year] = ["day", "month", "year"].map((part) => str(values, `${base}-${part}`).trim());
    if (!day && !month && !year) {
      values[base] = "";
      continue;
    }
    const monthNumber = /^\d{1,2}$/.test(month!) ? Number(month) : MONTHS.indexOf(month!.slice(0, 3).toLowerCase()) + 1;
    values[base] =
      /^\d{1,2}$/.test(day!) && monthNumber >= 1 && monthNumber <= 12 && /^\d{4}$/.test(year!)
        ? `${year}-${String(monthNumber).padStart(2, "0")}-${day!.padStart(2, "0")}`
        : "not a date";
  }
  return values;
}

/** The first message for each field; nested paths are joined with dots ("rows.2"). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseForm<S extends z.ZodType>(formData: FormData, schema: S, options: { multi?: string[] } = {}): FormResult<z.output<S>> {
  const values = formValues(formData, options.multi);
  const result = schema.safeParse(values);
  return result.success ? { ok: true, data: result.data, values } : { ok: false, errors: fieldErrors(result.error), values };
}

export function str(values: FormValues | undefined | null, key: string): string {
  const v = values?.[key];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

export function list(values: FormValues | undefined | null, key: string): string[] {
  const v = values?.[key];
  return Array.isArray(v) ? v : v ? [v] : [];
}
