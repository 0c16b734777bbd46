/**
 * Hands a request to Remix, as @remix-run/express did here before, with two differences that keep visitors' headers and
 * bodies from reaching the app unchecked:
 * - the body is the one already read within the limits (request-body.ts), not the raw socket;
 * - the address is PUBLIC_URL's origin and the path, never built from Host or X-Forwarded-Host, and the Origin
 *   header, already checked (origin.ts), is not passed on: Remix's own comparison would fail behind a proxy.
 * It also sends staff pages and page data with `Cache-Control: no-store` (mustNotBeStored), and answers refusals
 * to the page's own script in Remix's encoding (dataRefusal).
 */
import type { IncomingHttpHeaders } from "node:http";

import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
// Remix's own encoder for single-fetch answers; not in the package's index (version pinned in package.json).
import { encodeViaTurboStream } from "@remix-run/server-runtime/dist/single-fetch.js";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

import type { PublicPageMemory } from "./public-pages";
import { rememberRouteMatches } from "./route-matching";
import type { Turns } from "./turns";

/** Headers checked before the app, or describing the old body: not the app's to read. */
const DROPPED = new Set(["origin", "x-forwarded-host", "content-length", "transfer-encoding"]);

function appHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
  }
  return out;
}

const pathOnly = (path: string) => path.split("?")[0]!;

/**
 * Staff pages, their downloads and every page's data (`.data`, which carries what the page shows) hold personal
 * data: no browser or proxy may keep a copy (a shared office PC's back button, a caching proxy). Public pages
 * with a secret in the address set the same themselves.
 */
export function mustNotBeStored(path: string): boolean {
  return /^\/(admin|sign-in|sign-out)([/.]|$)/.test(pathOnly(path)) || isDataRequest(path);
}

export async function sendResponse(res: ExpressResponse, response: Response, path: string) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  const noStore = mustNotBeStored(path);
  for (const [name, value] of response.headers.entries()) if (!(noStore && name === "cache-control")) res.append(name, value);
  if (noStore) res.setHeader("Cache-Control", "no-store");
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** `req.url` is usually a path, but HTTP allows an absolute address too ("POST http://other.example/x"). */
export function pathOf(url: string): string {
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const parsed = new URL(url, "http://this-site.invalid");
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return "/";
  }
}

/**
 * Remix's old data protocol (`?_data=route-id`) is not what this app's pages use (they fetch `.data`, "single
 * fetch"), but Remix still answers it, in its own way: raw loader data, actions run outside the page's flow,
 * internal errors logged. Nothing of ours sends it, so it is refused.
 */
export const LEGACY_DATA_REQUEST = {
  status: 400 as const,
  title: "That address is not used by this service",
  message: "Open the page without the “_data” part of the address.",
  words: { title: "legacyData", message: "legacyData" },
};

/**
 * A form sent by the page's script (`<Form>`, a fetcher) goes to `….data` and expects Remix's single-fetch
 * encoding back; an HTML page there would reach the visitor as "Sorry, there is a problem with the service".
 * Refused, it gets the refusal as a route error instead, which the page's error boundary shows with its title
 * and message.
 */
export function isDataRequest(path: string): boolean {
  return pathOnly(path).endsWith(".data");
}

export function dataRefusal(refusal: { status: number; title: string; message: string }): Response {
  const body = encodeViaTurboStream(
    { error: new ErrorResponse(refusal.status, refusal.title, refusal.message) },
    new AbortController().signal,
    undefined,
    "production" as Parameters<typeof encodeViaTurboStream>[3],
  );
  return new Response(body, { status: refusal.status, headers: { "Content-Type": "text/x-script" } });
}

export function isLegacyDataRequest(url: string): boolean {
  const query = url.indexOf("?");
  return query !== -1 && new URLSearchParams(url.slice(query + 1)).has("_data");
}

export function remixHandler({
  build,
  mode,
  publicUrl,
  getLoadContext,
  publicPages,
  turns,
}: {
  build: ServerBuild;
  mode: string;
  publicUrl: string;
  getLoadContext: (req: ExpressRequest) => AppLoadContext;
  /**
   * Where public pages are remembered between visitors (server/public-pages.ts), and the server's own headers
   * for every answer; not given, every page is made for its request.
   */
  publicPages?: { memory: PublicPageMemory; headers: Record<string, string> };
  /** Make pages and handle forms one a turn of the event loop (server/turns.ts); not given, as they come. */
  turns?: Turns;
}) {
  // Made once per build: making it compiles and ranks every route, far too much work to repeat per request.
  const handle = createRequestHandler(build, mode);
  // Matching a path ranks every route again inside Remix; remember the answers per path (server/route-matching.ts).
  rememberRouteMatches();
  const origin = new URL(publicUrl).origin;
  const memory = publicPages?.memory ?? null;
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const path = pathOf(req.originalUrl);
      const key = memory?.keyFor(req, path) ?? null;
      if (turns) await turns.take(req.method === "GET" || req.method === "HEAD" ? "read" : "write");
      // Read on its turn, before the page is made: writes may have come first, or another visitor's turn may have
      // made the page meanwhile; a write while it is being made leaves it already out of date.
      const stamp = key ? memory!.stamp() : null;
      const sendKept = () => memory!.send(key!, stamp!, req, res, publicPages!.headers);
      if (key && stamp && sendKept()) return;
      let controller: AbortController | null = new AbortController();
      res.on("finish", () => (controller = null));
      // The visitor went away before the answer was sent: let loaders and renders stop.
      res.on("close", () => controller?.abort());
      const body = (res.locals.body as Buffer | null | undefined) ?? null;
      const request = new Request(`${origin}${path}`, {
        method: req.method,
        headers: appHeaders(req.headers),
        // Node's Request takes bytes as they are; the DOM typings here do not list Buffer.
        body: body as unknown as BodyInit | null,
        signal: controller.signal,
      });
      const response = await handle(request, getLoadContext(req));
      if (key && stamp && response.status === 200) {
        const text = await response.text();
        // The first visitor gets the kept answer too: every visitor gets the same bytes.
        if (memory!.remember(key, stamp, response, text) && sendKept()) return;
        await sendResponse(res, new Response(text, response), path);
      } else await sendResponse(res, response, path);
    } catch (error) {
      next(error);
    }
  };
}
