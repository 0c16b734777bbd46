import { randomBytes, randomUUID } from "node:crypto";

/** 256 random bits, URL-safe: unguessable secrets for manage-booking and feedback links. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A calendar UID that stays the same for every invite about one booking (RFC 5545 §3.8.4.7). */
export function newCalendarUid(publicUrl: string): string {
  return `${randomUUID()}@${new URL(publicUrl).hostname}`;
}

// Crockford's base 32: no I, L, O or U, so a code read off paper or a screen and typed back cannot be mistaken.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const group = (plain: string, sizes: number[]) => {
  let at = 0;
  return sizes.map((size) => plain.slice(at, (at += size))).join("-");
};

/** A code in Crockford's base 32 from random or keyed bytes, 5 bits a character, in dashed groups of `sizes`. */
export function crockfordCode(bytes: Uint8Array, sizes: number[]): string {
  const length = sizes.reduce((a, b) => a + b, 0);
  let plain = "";
  for (let i = 0; i < length; i++) plain += CROCKFORD[bytes[i]! & 31];
  return group(plain, sizes);
}

/**
 * A code as someone typed it, in the form `crockfordCode` writes it, or null if it cannot be one: case, spaces and
 * dashes do not matter, and O, I and L are read as the 0 and 1 they look like.
 */
export function readCrockfordCode(typed: string, sizes: number[]): string | null {
  if (typed.length > 64) return null;
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  const length = sizes.reduce((a, b) => a + b, 0);
  if (plain.length !== length || !/^[0-9A-HJKMNP-TV-Z]+$/.test(plain)) return null;
  return group(plain, sizes);
}

const CERTIFICATE_GROUPS = [4, 4, 4];

/**
 * A certificate's verification code: 60 random bits as 12 characters in threes of four ("7KQ2-M9XD-4HTB"),
 * short enough to type from a printed page and far too many to guess.
 */
export function newCertificateCode(): string {
  return crockfordCode(randomBytes(12), CERTIFICATE_GROUPS);
}

/** A certificate code as someone typed it, as it is stored, or null if it cannot be one. */
export function normaliseCertificateCode(typed: string): string | null {
  return readCrockfordCode(typed, CERTIFICATE_GROUPS);
}
