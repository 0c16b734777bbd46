/**
 * The server's memory of public pages (issue 13, ADR 020). The pages everyone reads — home, events, a session,
 * the sessions feed, privacy and accessibility — are the same for every visitor who is not signed in, and a
 * rush of people reads them at once. The first visitor's answer is kept and sent to the next ones, until:
 * - anything is written to the database (a booking, a cancellation, an edit, a job's sweep): the data's
 *   version, read per request, then differs, and the page is made again;
 * - time alone changes what the page says (a session starts or its booking closes), or five minutes pass.
 * Each answer still gets its own CSP nonce: the remembered page is kept in pieces around the nonce it was made
 * with, and joined again around a new one.
 *
 * Only plain reads are remembered: GET, no cookie or credentials (a signed-in member of staff sees their name
 * in the header), an answer of 200 that sets no cookie and does not forbid storing.
 */
import { randomBytes } from "node:crypto";

import type { Request as ExpressRequest, Response as ExpressResponse } from "express";

export type PublicPageHooks = {
  /** Per request: the data's version (differs after any write) and the service's clock, in ms. */
  stamp: () => { version: string; now: number };
  /** Until when a page made at `now` can be sent again if nothing is written: ms. */
  validUntil: (now: number) => number;
};

/** Pages with nothing personal in them and no secret in the address. */
const REMEMBERED = /^\/(?:events(?:\/\d{1,9})?|api\/sessions|privacy|accessibility)?$/;

/** Filters make new addresses: the whole memory is bounded by size, and the least recently read goes first. */
const MAX_BYTES = 32 * 1024 * 1024;

type Entry = {
  version: string;
  validUntil: number;
  status: number;
  statusText: string;
  /** Each header's value and the body, split where the nonce was. */
  headers: Array<[name: string, pieces: string[]]>;
  /** Encoded once: encoding and measuring the page's text for every answer was a third of sending it. */
  body: Buffer[];
  bytes: number;
};

const NONCE_IN_POLICY = /'nonce-([A-Za-z0-9+/=]+)'/;

// Random bytes drawn 256 nonces at a time: asking the system for 16 bytes per answer was a twentieth of the time
// of sending a remembered page. Each nonce is still 128 fresh random bits, used once.
let pool = Buffer.alloc(0);
let poolAt = 0;
function newNonce() {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(16 * 256);
    poolAt = 0;
  }
  const nonce = pool.toString("base64", poolAt, poolAt + 16);
  poolAt += 16;
  return nonce;
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
    keyFor(req: ExpressRequest, path: string): string | null {
      if (req.method !== "GET" || req.headers.cookie || req.headers.authorization) return null;
      const query = path.indexOf("?");
      return REMEMBERED.test(query === -1 ? path : path.slice(0, query)) ? path : null;
    },

    stamp: hooks.stamp,

    /** Sends the remembered answer if it is still true; false if the page must be made. */
    send(key: string, stamp: { version: string; now: number }, res: ExpressResponse): boolean {
      const entry = entries.get(key);
      if (!entry) return false;
      if (entry.version !== stamp.version || stamp.now >= entry.validUntil) {
        forget(key);
        return false;
      }
      // Most recently read last, so the oldest is first to go.
      entries.delete(key);
      entries.set(key, entry);
      const nonce = newNonce();
      res.statusMessage = entry.statusText;
      res.status(entry.status);
      for (const [name, pieces] of entry.headers) res.setHeader(name, pieces.join(nonce));
      const nonceBytes = Buffer.from(nonce, "latin1");
      const parts: Buffer[] = [];
      entry.body.forEach((piece, i) => (i === 0 ? parts.push(piece) : parts.push(nonceBytes, piece)));
      res.end(Buffer.concat(parts));
      return true;
    },

    /** Keeps an answer just made, if it may be kept. `stamp` is the one read before it was made. */
    remember(key: string, stamp: { version: string; now: number }, response: Response, body: string) {
      const headers = [...response.headers.entries()];
      const cacheControl = response.headers.get("cache-control") ?? "";
      if (response.status !== 200 || response.headers.has("set-cookie") || /no-store|private/i.test(cacheControl)) return;
      const nonce = NONCE_IN_POLICY.exec(response.headers.get("content-security-policy") ?? "")?.[1];
      const split = (text: string) => (nonce ? text.split(nonce) : [text]);
      const entry: Entry = {
        version: stamp.version,
        validUntil: hooks.validUntil(stamp.now),
        status: response.status,
        statusText: response.statusText,
        headers: headers.map(([name, value]) => [name, split(value)]),
        body: split(body).map((piece) => Buffer.from(piece, "utf8")),
        bytes: body.length * 2 + 1024,
      };
      if (entry.bytes > MAX_BYTES / 8) return;
      forget(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      for (const oldest of entries.keys()) {
        if (bytes <= MAX_BYTES) break;
        forget(oldest);
      }
    },
  };
}

export type PublicPageMemory = ReturnType<typeof publicPageMemory>;
