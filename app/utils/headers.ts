import type { HeadersFunction } from "@remix-run/node";

/** For document responses: keep headers an action or loader set (e.g. Retry-After on a 429). */
export const passThroughHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const headers = new Headers();
  for (const source of [loaderHeaders, actionHeaders]) {
    source.forEach((value, key) => {
      if (key.toLowerCase() !== "set-cookie") headers.set(key, value);
    });
  }
  return headers;
};

/**
 * For a page at someone's private link (their feedback or follow-up form, a consultation): never kept by a
 * shared cache or the back-forward cache, and a refusal's Retry-After (ADR 022) passed on.
 */
export const privatePageHeaders: HeadersFunction = ({ actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};
