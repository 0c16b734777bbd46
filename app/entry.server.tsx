import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";

import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { getEnv } from "~/utils/env.server";
import { NonceContext } from "~/utils/nonce";

const ABORT_DELAY = 5_000;
const VARY_LANGUAGE = "Accept-Language, Cookie";
const SSO_ORIGIN = getEnv().OIDC_ISSUER_URL ? new URL(getEnv().OIDC_ISSUER_URL!).origin : null;

export const streamTimeout = ABORT_DELAY;

/** What server.ts calls to start and stop the service (see app/service.server.ts and warmUpCharts). */
export {
  closeDatabase,
  prepareService,
  publicPagesLanguage,
  publicPagesStamp,
  publicPagesValidUntil,
  renderRefusal,
  startBackgroundJobs,
  stopService,
} from "~/service.server";
export { warmUpCharts as warmUp } from "~/utils/charts.server";

/**
 * A strict Content-Security-Policy: scripts only from this site or carrying this response's nonce, no
 * framing (clickjacking on the sign-in and booking pages), no third-party anything.
 */
function securityHeaders(headers: Headers, nonce: string) {
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      // The sign-in page's form goes on to the council's identity provider (ADR 029).
      `form-action 'self'${SSO_ORIGIN ? ` ${SSO_ORIGIN}` : ""}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          securityHeaders(responseHeaders, nonce);
          // A public page's language follows the visitor's Accept-Language and language cookie (ADR 028).
          responseHeaders.set("Vary", VARY_LANGUAGE);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests (the browser navigated away) are not errors worth logging.
  if (request.signal.aborted) return;
  console.error(error);
}
