/**
 * The server's memory of public pages (issue 13, ADR 020). The pages everyone reads — home, events, a session,
 * the sessions feed, privacy and accessibility — are the same for every visitor who is not signed in, and a
 * rush of people reads them at once. The first visitor's answer is kept and sent to the next ones, until:
 * - anything is written to the database (a booking, a cancellation, an edit, a job's sweep): the data's
 *   version, read per request, then differs, and the page is made again;
 * - time alone changes what the page says (a session starts or its booking closes), or five minutes pass.
 * A kept page is the same bytes for everyone: its Content-Security-Policy names each of its inline scripts by
 * hash instead of by a nonce (a nonce must differ per answer), and it is compressed once, the first time a
 * visitor's browser asks for gzip, instead of for every answer.
 *
 * Only plain reads are remembered: GET, no cookie but the chosen language's or credentials (a signed-in member
 * of staff sees their name in the header), an answer of 200 that sets no cookie and does not forbid storing.
 * A page is kept once per language (ADR 028): the app says which language a request's page will be in.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

export type PublicPageHooks = {
  /** Per request: the data's version (differs after any write) and the service's clock, in ms. */
  stamp: () => { version: string; now: number };
  /** Until when a page made at `now` can be sent again if nothing is written: ms. */
  validUntil: (now: number) => number;
  /** The language the page at this address will be in for these headers. */
  language: (path: string, headers: { cookie?: string; acceptLanguage?: string }) => string | null;
};

/** A cookie header holding nothing but the visitor's choice of language, which the page's key already says. */
const ONLY_LANGUAGE = /^\s*lang=[a-z]{2}\s*;?\s*$/;

/** Pages with nothing personal in them and no secret in the address. */
const REMEMBERED = /^\/(?:events(?:\/\d{1,9})?|api\/sessions|privacy|accessibility)?$/;

/** Filters make new addresses: the whole memory is bounded by size, and the least recently read goes first. */
const MAX_BYTES = 32 * 1024 * 1024;

type Entry = {
  version: string;
  validUntil: number;
  status: number;
  statusText: string;
  headers: Array<[name: string, value: string]>;
  body: Buffer;
  /** Made the first time a visitor asks for it. */
  gzip: Buffer | null;
  bytes: number;
};

/** What a public page's words and encoding depend on, for caches between us and the visitor. */
export const VARY = "Accept-Encoding, Accept-Language, Cookie";

const NONCE_IN_POLICY = /'nonce-([A-Za-z0-9+/=]+)'/;
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;

/**
 * The page and its policy with the nonce replaced by the hashes of the page's inline scripts, which allow
 * exactly those scripts as the nonce did; null if that cannot be done safely (the nonce anywhere else, a
 * carriage return the browser would change before hashing), and the page is not kept.
 */
export function withScriptHashes(text: string, policy: string): { text: string; policy: string } | null {
  const nonce = NONCE_IN_POLICY.exec(policy)?.[1];
  if (!nonce) return { text, policy };
  const stripped = text.replaceAll(` nonce="${nonce}"`, "");
  if (stripped.includes(nonce) || stripped.includes("\r")) return null;
  const hashes = new Set<string>();
  for (const [, attributes, source] of stripped.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(source!, "utf8").digest("base64")}'`);
  }
  return { text: stripped, policy: policy.replace(`'nonce-${nonce}'`, [...hashes].join(" ")).replace(/ +(;|$)/g, "$1") };
}

/** Whether the visitor's Accept-Encoding takes gzip (`gzip`, or `*`, with a weight above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const part of acceptEncoding.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (name === "gzip") gzip = weight;
    else if (name === "*") any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

export function publicPageMemory(hooks: PublicPageHooks) {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  function forget(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  return {
    /** The key under which this request's answer may be remembered, or null if it must be made for it alone. */
    keyFor(req: { method?: string; headers: IncomingHttpHeaders }, path: string): string | null {
      const cookie = req.headers.cookie;
      if (req.method !== "GET" || (cookie && !ONLY_LANGUAGE.test(cookie)) || req.headers.authorization) return null;
      const query = path.indexOf("?");
      if (!REMEMBERED.test(query === -1 ? path : path.slice(0, query))) return null;
      const acceptLanguage = req.headers["accept-language"];
      const language = hooks.language(path, { cookie, acceptLanguage: typeof acceptLanguage === "string" ? acceptLanguage : undefined });
      return language === null ? null : `${language} ${path}`;
    },

    stamp: hooks.stamp,

    /**
     * Sends the remembered answer if it is still true, gzipped if the visitor takes it; false, having sent
     * nothing, if the page must be made. `headers` are set first (the server's own, for every answer).
     */
    send(
      key: string,
      stamp: { version: string; now: number },
      req: { headers: IncomingHttpHeaders },
      res: ServerResponse,
      headers: Record<string, string> = {},
    ): boolean {
      const entry = entries.get(key);
      if (!entry) return false;
      if (entry.version !== stamp.version || stamp.now >= entry.validUntil) {
        forget(key);
        return false;
      }
      // Most recently read last, so the oldest is first to go.
      entries.delete(key);
      entries.set(key, entry);
      let body = entry.body;
      if (acceptsGzip(req.headers["accept-encoding"])) {
        if (!entry.gzip) {
          entry.gzip = gzipSync(entry.body);
          entry.bytes += entry.gzip.length;
          bytes += entry.gzip.length;
          for (const oldest of entries.keys()) {
            if (bytes <= MAX_BYTES || oldest === key) break;
            forget(oldest);
          }
        }
        body = entry.gzip;
        res.setHeader("Content-Encoding", "gzip");
      }
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      for (const [name, value] of entry.headers) res.setHeader(name, value);
      res.setHeader("Vary", VARY);
      res.setHeader("Content-Length", body.length);
      res.statusCode = entry.status;
      res.statusMessage = entry.statusText;
      res.end(body);
      return true;
    },

    /**
     * Keeps an answer just made, if it may be kept; true if it was. `stamp` is the one read before it was made.
     * The first visitor is then sent the kept answer too, so that every visitor gets the same bytes.
     */
    remember(key: string, stamp: { version: string; now: number }, response: Response, text: string): boolean {
      const cacheControl = response.headers.get("cache-control") ?? "";
      if (response.status !== 200 || response.headers.has("set-cookie") || /no-store|private/i.test(cacheControl)) return false;
      const hashed = withScriptHashes(text, response.headers.get("content-security-policy") ?? "");
      if (!hashed) return false;
      const body = Buffer.from(hashed.text, "utf8");
      const entry: Entry = {
        version: stamp.version,
        validUntil: hooks.validUntil(stamp.now),
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()]
          .filter(([name]) => name !== "content-length" && name !== "content-encoding")
          .map(([name, value]) => [name, name === "content-security-policy" ? hashed.policy : value]),
        body,
        gzip: null,
        bytes: body.length + 1024,
      };
      if (entry.bytes > MAX_BYTES / 8) return false;
      forget(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      for (const oldest of entries.keys()) {
        if (bytes <= MAX_BYTES) break;
        forget(oldest);
      }
      return true;
    },

    /** Forgets everything (a new build, in development). */
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}

export type PublicPageMemory = ReturnType<typeof publicPageMemory>;
