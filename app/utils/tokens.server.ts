import { randomBytes, randomUUID } from "node:crypto";

/** 256 random bits, URL-safe: unguessable secrets for manage-booking and feedback links. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A calendar UID that stays the same for every invite about one booking (RFC 5545 §3.8.4.7). */
export function newCalendarUid(publicUrl: string): string {
  return `${randomUUID()}@${new URL(publicUrl).hostname}`;
}
