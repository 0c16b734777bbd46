import { data } from "@remix-run/node";

import type { FieldErrors } from "~/utils/forms";

/** A form that could not be accepted: the messages by field and the answers as typed, to show again. */
export function invalid<V extends Record<string, unknown>>(errors: FieldErrors, values: V, status = 400, headers?: HeadersInit) {
  return data({ errors, values }, { status, headers });
}

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** A positive whole-number id from the URL, or a 404 (so `/admin/sessions/abc` is "not found", not an error). */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const value = params[name];
  if (!value || !/^\d{1,12}$/.test(value)) throw notFound();
  return Number(value);
}
