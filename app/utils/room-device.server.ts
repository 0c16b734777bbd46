/**
 * The room link's device cookie (docs/decisions/009-report-figures.md): a random value, nothing about the
 * person, kept only on the path of that session's room link so that sending the form again from the same
 * phone replaces the earlier answers instead of counting twice. The database keeps its SHA-256, not the value.
 */
import { createHash } from "node:crypto";

import { newSecretToken } from "~/utils/tokens.server";

const NAME = "room_feedback";
/** Longer than feedback stays open (28 days by default, and an organiser may reopen it). */
const MAX_AGE_SECONDS = 120 * 24 * 3600;
const VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The device's value from the request, or null; anything malformed is treated as no cookie at all. */
export function readRoomDevice(request: Request): { value: string; key: string } | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    const value = rest.join("=");
    if (name === NAME && VALUE.test(value)) return { value, key: deviceKey(value) };
  }
  return null;
}

export function deviceKey(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A new value for a device that has none yet. */
export function newRoomDevice(): { value: string; key: string } {
  const value = newSecretToken();
  return { value, key: deviceKey(value) };
}

export function roomDeviceCookie({ value, path, secure }: { value: string; path: string; secure: boolean }): string {
  return `${NAME}=${value}; Path=${path}; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
