/**
 * Turning posted forms into validated data, or into per-field messages plus the answers as typed, so a
 * page can show the GOV.UK error summary and refill every field. Safe for the browser bundle.
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Posted fields as strings; a field posted more than once (checkboxes) becomes a list. */
export function formValues(formData: FormData, multi: string[] = []): FormValues {
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
