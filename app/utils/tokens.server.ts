import { randomBytes, randomUUID } from "node:crypto";

/** 256 random bits, URL-safe: unguessable secrets for manage-booking and feedback links. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A calendar UID that stays the same for every invite about one booking (RFC 5545 §3.8.4.7). */
export function newCalendarUid(publicUrl: string): string {
  return `${randomUUID()}@${new URL(publicUrl).hostname}`;
}

// Crockford's base 32: no I, L, O or U, so a code read off paper and typed back cannot be mistaken.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A certificate's verification code: 60 random bits as 12 characters in threes of four ("7KQ2-M9XD-4HTB"),
 * short enough to type from a printed page and far too many to guess.
 */
export function newCertificateCode(): string {
  const bytes = randomBytes(12);
  let code = "";
  for (let i = 0; i < 12; i++) code += CROCKFORD[bytes[i]! & 31];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * A code as someone typed it, in the form it is stored, or null if it cannot be one: case, spaces and dashes
 * do not matter, and O, I and L are read as the 0 and 1 they look like.
 */
export function normaliseCertificateCode(typed: string): string | null {
  if (typed.length > 64) return null;
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}
