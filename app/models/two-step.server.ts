/**
 * Two-step verification for password accounts (issue 17, ADR 029): a time-based code (TOTP, RFC 6238: 6 digits,
 * 30-second steps, SHA-1, as every authenticator app reads it) from `otpauth`, and ten single-use recovery codes.
 * Required for administrators and organisers in live mode. The secret is kept encrypted (AES-256-GCM, with a key
 * derived from SESSION_SECRET), a code is accepted once (its step must be later than the last one accepted), and
 * every enrolment, use of a recovery code and failed code is in the audit log.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto";

import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { commitSession, getSession, resolveSessionSecret } from "~/models/staff-session.server";
import { signInBlockedUntil } from "~/models/user.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";
import { qrSvg } from "~/utils/qr.server";

const u = schema.users;
const STEP_SECONDS = 30;
/** A code from the step before or after is accepted too: phones' clocks drift, and people type slowly. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

// ----- The secret, encrypted at rest ---------------------------------------------------------------------------

/** A key of its own for each use, derived from SESSION_SECRET. */
function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveSessionSecret(getEnv()), "", purpose, 32));
}

const key = () => derivedKey("two-step verification secret");

/** Encrypts a secret for one purpose (`bound`: whose, and what for), so a copy moved elsewhere does not open. */
function seal(plain: string, bound: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(bound, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

function open(sealed: string, bound: string): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    decipher.setAAD(Buffer.from(bound, "utf8"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Another SESSION_SECRET: the secret cannot be read, so the person must be helped to enrol again.
    return null;
  }
}

function totp(secret: string, label: string) {
  return new TOTP({
    issuer: getEnv().SERVICE_NAME,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: STEP_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The step a code typed now belongs to, or null if it is not a current code for this secret. */
function acceptedStep(secret: string, typed: string, now: Date): number | null {
  const delta = totp(secret, "x").validate({ token: typed, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / STEP_SECONDS) + delta;
}

/** Six digits, spaces and dashes allowed ("123 456"). */
export function readCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

// ----- Enrolment -------------------------------------------------------------------------------------------------

/**
 * The secret being set up, kept (encrypted, for this person only) in their server-side session between showing
 * it and its first code.
 */
export async function rememberEnrolSecret(request: Request, userId: number, secret: string | null): Promise<string> {
  const session = await getSession(request);
  if (secret) session.set("enrolSecret", seal(secret, `enrolment ${userId}`));
  else session.unset("enrolSecret");
  return commitSession(session);
}

export async function enrolSecretOf(request: Request, userId: number): Promise<string | null> {
  const sealed = (await getSession(request)).get("enrolSecret");
  const secret = typeof sealed === "string" ? open(sealed, `enrolment ${userId}`) : null;
  return secret && /^[A-Z2-7]{32}$/.test(secret) ? secret : null;
}

/** A new secret to show (as a QR code and as text) until the person confirms it with a code from their app. */
export async function newEnrolment({ email }: { email: string }) {
  const secret = new Secret({ size: 20 }).base32;
  const uri = totp(secret, email).toString();
  return { secret, uri, qr: await qrSvg(uri) };
}

/** The QR code and grouped text of a secret being enrolled (the page shown again after a wrong code). */
export async function enrolmentOf({ email, secret }: { email: string; secret: string }) {
  const uri = totp(secret, email).toString();
  return { secret, uri, qr: await qrSvg(uri) };
}

function newRecoveryCode(): string {
  // 10 characters from 32 (50 bits), in two groups; no 0/O or 1/I to confuse.
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * A recovery code as stored: an HMAC with its own key from SESSION_SECRET, so that a copy of the database alone
 * cannot be searched for codes (50 bits each would fall to a plain hash's brute force).
 */
const hashRecovery = (code: string) =>
  createHmac("sha256", derivedKey("two-step recovery codes")).update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex");

/**
 * Turns two-step verification on, once the person has typed a current code from the secret shown to them. Gives
 * the recovery codes, shown once; any earlier ones stop working.
 */
export function confirmEnrolment({
  userId,
  secret,
  typed,
  ipAddress,
  now = clock(),
}: {
  userId: number;
  secret: string;
  typed: string;
  ipAddress?: string;
  now?: Date;
}): { ok: true; recoveryCodes: string[] } | { ok: false } {
  const code = readCode(typed);
  const step = code ? acceptedStep(secret, code, now) : null;
  if (step === null) return { ok: false };
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  db.transaction((tx) => {
    tx.update(u)
      .set({ totpSecret: seal(secret, `user ${userId}`), totpEnabledAt: now, totpLastStep: step, updatedAt: now })
      .where(eq(u.id, userId))
      .run();
    tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run();
    for (const c of codes)
      tx.insert(schema.recoveryCodes)
        .values({ userId, codeHash: hashRecovery(c), createdAt: now })
        .run();
    audit({ userId, action: "user.two_step_enrol", entityType: "user", entityId: userId, ipAddress }, tx);
  });
  return { ok: true, recoveryCodes: codes };
}

/** An administrator turns it off for someone who lost their phone and their codes; they enrol again. */
export function resetTwoStep({ userId, byUserId, ipAddress }: { userId: number; byUserId: number; ipAddress?: string }) {
  db.transaction((tx) => {
    const reset = tx
      .update(u)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: clock() })
      .where(eq(u.id, userId))
      .run();
    if (reset.changes === 0) throw notFound("User not found");
    tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run();
    // Signed out everywhere: a session begun with the old factor is not kept.
    tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).run();
    audit({ userId: byUserId, action: "user.two_step_reset", entityType: "user", entityId: userId, ipAddress }, tx);
  });
}

export function twoStepStatus({ userId }: { userId: number }) {
  const row = db.select({ enabledAt: u.totpEnabledAt }).from(u).where(eq(u.id, userId)).get();
  const unused = db
    .select({ id: schema.recoveryCodes.id })
    .from(schema.recoveryCodes)
    .where(and(eq(schema.recoveryCodes.userId, userId), isNull(schema.recoveryCodes.usedAt)))
    .all().length;
  return { enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: unused };
}

// ----- Signing in ------------------------------------------------------------------------------------------------

export type SecondFactorResult = { ok: true; usedRecoveryCode: boolean; recoveryCodesLeft: number } | { ok: false; retryAt?: Date };

/**
 * The second step of signing in: a current code from the authenticator (once only), or an unused recovery code
 * (then used up). Each outcome is audited, and each guess counts in the sign-in throttle (ADR 014) as a password
 * does: checked and written in this one immediate transaction, so guesses sent at once count like guesses in a
 * row, and a right password given again and again buys no more guesses (ADR 029).
 */
export function verifySecondFactor({
  userId,
  typed,
  ipAddress = "unknown",
  now = clock(),
}: {
  userId: number;
  typed: string;
  ipAddress?: string;
  now?: Date;
}): SecondFactorResult {
  return db.transaction(
    (tx): SecondFactorResult => {
      const user = tx
        .select({ email: u.email, secret: u.totpSecret, lastStep: u.totpLastStep, enabledAt: u.totpEnabledAt })
        .from(u)
        .where(eq(u.id, userId))
        .get();
      if (!user) return { ok: false };
      const retryAt = signInBlockedUntil({ email: user.email, ipAddress, now });
      if (retryAt) return { ok: false, retryAt };
      const attempt = (succeeded: boolean) =>
        tx.insert(schema.signInAttempts).values({ email: user.email, ipAddress, succeeded, createdAt: now }).run();
      const fail = (reason: string): SecondFactorResult => {
        attempt(false);
        audit(
          { userId, action: "user.sign_in_failed", entityType: "user", entityId: userId, details: { step: "second", reason }, ipAddress },
          tx,
        );
        return { ok: false };
      };
      if (!user.secret || !user.enabledAt) return fail("not enrolled");
      const code = readCode(typed);
      if (code) {
        const secret = open(user.secret, `user ${userId}`);
        const step = secret ? acceptedStep(secret, code, now) : null;
        if (step === null) return fail("wrong code");
        if (user.lastStep !== null && step <= user.lastStep) return fail("code used before");
        tx.update(u).set({ totpLastStep: step }).where(eq(u.id, userId)).run();
        attempt(true);
        return { ok: true, usedRecoveryCode: false, recoveryCodesLeft: -1 };
      }
      const found = tx
        .select({ id: schema.recoveryCodes.id })
        .from(schema.recoveryCodes)
        .where(
          and(
            eq(schema.recoveryCodes.userId, userId),
            eq(schema.recoveryCodes.codeHash, hashRecovery(typed)),
            isNull(schema.recoveryCodes.usedAt),
          ),
        )
        .get();
      if (!found) return fail("wrong recovery code");
      tx.update(schema.recoveryCodes).set({ usedAt: now }).where(eq(schema.recoveryCodes.id, found.id)).run();
      const left = tx
        .select({ id: schema.recoveryCodes.id })
        .from(schema.recoveryCodes)
        .where(and(eq(schema.recoveryCodes.userId, userId), isNull(schema.recoveryCodes.usedAt)))
        .all().length;
      audit({ userId, action: "user.recovery_code_used", entityType: "user", entityId: userId, details: { left }, ipAddress }, tx);
      attempt(true);
      return { ok: true, usedRecoveryCode: true, recoveryCodesLeft: left };
    },
    { behavior: "immediate" },
  );
}

/** Whether this account signs in with a second step. */
export function hasTwoStep({ userId }: { userId: number }): boolean {
  return Boolean(db.select({ enabledAt: u.totpEnabledAt }).from(u).where(eq(u.id, userId)).get()?.enabledAt);
}
