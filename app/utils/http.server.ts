import { data } from "@remix-run/node";

import type { FieldErrors } from "~/utils/forms";

/** A form that could not be accepted: the messages by field and the answers as typed, to show again. */
export function invalid<V extends Record<string, unknown>>(errors: FieldErrors, values: V, status = 400, headers?: HeadersInit) {
  return data({ errors, values }, { status, headers });
}

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}
