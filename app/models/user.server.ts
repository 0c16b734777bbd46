import bcrypt from "bcryptjs";
import { and, asc, count, desc, eq, gt, lt, max, or, type SQL } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";

import { ROLES, type Role } from "../../domain/vocabulary";

/**
 * Sign-in throttling (docs/decisions/014-sign-in-throttle.md). Failures count within a sliding window; a
 * success for the account clears its own counts. An attempt is recorded, as a failure until the password
 * proves right, before the password is checked, so guesses sent at once are counted like guesses in a row.
 */
export const SIGN_IN_WINDOW_MINUTES = 15;
/** One account from one address: a guesser there waits out the window; the account's owner elsewhere does not. */
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
/** One address, any accounts: someone trying many accounts. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/**
 * One account from anywhere: past this many failures, attempts from addresses the account has not signed in
 * from lately are spaced out, one per ACCOUNT_SPACING_SECONDS, never refused outright.
 */
export const ACCOUNT_FAILURES_BEFORE_SPACING = 10;
export const ACCOUNT_SPACING_SECONDS = 30;
/** How long an address the account signed in from stays familiar (and its successful attempt is kept). */
export const FAMILIAR_ADDRESS_DAYS = 30;

/**
 * Compared against when the email is unknown, so an unknown email takes as long as a wrong password. Made on
 * first use, at the configured cost, so importing this file costs nothing.
 */
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= bcrypt.hash("not-a-real-password-but-the-same-cost", getEnv().BCRYPT_COST));

export const passwordSchema = z
  .string()
  .min(12, "Password must be at least 12 characters — three random words work well")
  .max(200, "Password must be 200 characters or fewer");

export const newUserSchema = z.object({
  email: z
    .email({ error: "Enter an email address in the correct format, like name@example.gov.uk" })
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "Enter a name").max(120, "Name must be 120 characters or fewer"),
  role: z.enum(ROLES, { error: "Select a role" }),
  password: passwordSchema,
});

export type NewUser = z.input<typeof newUserSchema>;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, getEnv().BCRYPT_COST);
}

export async function createUser(input: NewUser) {
  const data = newUserSchema.parse(input);
  const existing = db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, data.email)).get();
  if (existing) throw new Response(`A user with the email ${data.email} already exists`, { status: 409 });
  const passwordHash = await hashPassword(data.password);
  return db
    .insert(schema.users)
    .values({ email: data.email, name: data.name, role: data.role, passwordHash })
    .returning({ id: schema.users.id, email: schema.users.email, name: schema.users.name, role: schema.users.role })
    .get();
}

export function getUserByEmail({ email }: { email: string }) {
  return db.select().from(schema.users).where(eq(schema.users.email, email.trim().toLowerCase())).get();
}

export function listUsers() {
  return db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
      disabledAt: schema.users.disabledAt,
      lastSignedInAt: schema.users.lastSignedInAt,
      totpEnabledAt: schema.users.totpEnabledAt,
      oidcSubject: schema.users.oidcSubject,
    })
    .from(schema.users)
    .orderBy(asc(schema.users.name))
    .all();
}

export function listUsersByRole({ roles }: { roles: Role[] }) {
  return listUsers().filter((u) => roles.includes(u.role) && !u.disabledAt);
}

/** Staff who can facilitate a session (and so open its register): not reporting leads, not disabled. */
export function listFacilitators() {
  return listUsersByRole({ roles: ["facilitator", "organiser", "admin"] }).map((u) => ({ id: u.id, name: u.name }));
}

export function setUserDisabled({ userId, disabled }: { userId: number; disabled: boolean }) {
  const result = db
    .update(schema.users)
    .set({ disabledAt: disabled ? clock() : null, updatedAt: clock() })
    .where(eq(schema.users.id, userId))
    .run();
  if (result.changes === 0) throw notFound("User not found");
  if (disabled) db.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).run();
}

export async function setUserPassword({ userId, password }: { userId: number; password: string }) {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  const result = db.update(schema.users).set({ passwordHash, updatedAt: clock() }).where(eq(schema.users.id, userId)).run();
  if (result.changes === 0) throw notFound("User not found");
}

/** When the next sign-in attempt may be made for this email from this address, or null if now. */
export function signInBlockedUntil({ email, ipAddress, now = clock() }: { email: string; ipAddress: string; now?: Date }): Date | null {
  const windowMs = SIGN_IN_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const a = schema.signInAttempts;
  const normalised = email.trim().toLowerCase();

  const lastSuccess = db
    .select({ at: max(a.createdAt) })
    .from(a)
    .where(and(eq(a.email, normalised), eq(a.succeeded, true)))
    .get()?.at;
  const accountSince = lastSuccess && lastSuccess > since ? lastSuccess : since;
  const failuresSince = (where: SQL | undefined, from: Date, limit: number) =>
    db
      .select({ createdAt: a.createdAt })
      .from(a)
      .where(and(where, eq(a.succeeded, false), gt(a.createdAt, from)))
      .orderBy(desc(a.createdAt))
      .limit(limit)
      .all();
  // Blocked until the oldest of the last `limit` failures leaves the window.
  const blockedBy = (rows: Array<{ createdAt: Date }>, limit: number) =>
    rows.length >= limit ? new Date(rows[limit - 1]!.createdAt.getTime() + windowMs) : null;

  const pair = failuresSince(and(eq(a.email, normalised), eq(a.ipAddress, ipAddress)), accountSince, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
  const address = failuresSince(eq(a.ipAddress, ipAddress), since, MAX_FAILURES_PER_ADDRESS);
  const candidates = [blockedBy(pair, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS), blockedBy(address, MAX_FAILURES_PER_ADDRESS)];

  const account = failuresSince(eq(a.email, normalised), accountSince, ACCOUNT_FAILURES_BEFORE_SPACING);
  if (account.length >= ACCOUNT_FAILURES_BEFORE_SPACING) {
    const familiar = db
      .select({ id: a.id })
      .from(a)
      .where(
        and(
          eq(a.email, normalised),
          eq(a.ipAddress, ipAddress),
          eq(a.succeeded, true),
          gt(a.createdAt, new Date(now.getTime() - FAMILIAR_ADDRESS_DAYS * 86_400_000)),
        ),
      )
      .get();
    if (!familiar) candidates.push(new Date(account[0]!.createdAt.getTime() + ACCOUNT_SPACING_SECONDS * 1000));
  }
  const later = candidates.filter((d): d is Date => d !== null && d > now).sort((x, y) => y.getTime() - x.getTime());
  return later[0] ?? null;
}

export type SignInResult =
  | { ok: true; user: { id: number; role: Role; name: string; twoStep: boolean } }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled"; retryAt: Date };

export async function verifySignIn({
  email,
  password,
  ipAddress,
  now = clock(),
}: {
  email: string;
  password: string;
  ipAddress: string;
  now?: Date;
}): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  // Checked and recorded in one step, before the slow password check: a guess sent alongside others is
  // counted before the next one is looked at. Refused guesses are not recorded and learn nothing.
  const reserved = db.transaction(
    (tx) => {
      const retryAt = signInBlockedUntil({ email: normalised, ipAddress, now });
      if (retryAt) return { blocked: true as const, retryAt };
      const row = tx
        .insert(schema.signInAttempts)
        .values({ email: normalised, ipAddress, succeeded: false, createdAt: now })
        .returning({ id: schema.signInAttempts.id })
        .get();
      return { blocked: false as const, attemptId: row.id };
    },
    { behavior: "immediate" },
  );
  if (reserved.blocked) return { ok: false, reason: "throttled", retryAt: reserved.retryAt };

  const user = getUserByEmail({ email: normalised });
  const matches = await bcrypt.compare(password, user?.passwordHash ?? (await getDummyHash()));
  const failed = (reason: string) =>
    // An address that is no account's is not written down: it may be anything someone typed.
    audit({ userId: null, action: "user.sign_in_failed", entityType: "user", entityId: user?.id ?? null, details: { reason }, ipAddress });
  if (!user || !matches) {
    failed(user ? "wrong password" : "no such account");
    return { ok: false, reason: "invalid" };
  }
  const twoStep = Boolean(user.totpEnabledAt);
  // With two-step verification a right password is not yet a success: a success would reset the throttle and
  // make the address familiar, and the second step's guesses must count against both (ADR 029). It is no
  // failure either: the attempt is taken back, and the second step records its own.
  if (twoStep) db.delete(schema.signInAttempts).where(eq(schema.signInAttempts.id, reserved.attemptId)).run();
  else db.update(schema.signInAttempts).set({ succeeded: true }).where(eq(schema.signInAttempts.id, reserved.attemptId)).run();
  // Only someone who knows the password learns the account is disabled.
  if (user.disabledAt) {
    failed("disabled");
    return { ok: false, reason: "disabled" };
  }
  // With two-step verification, signing in is finished (and recorded) by the second step.
  if (!twoStep) recordSignIn({ userId: user.id, method: "password", ipAddress, now });
  return { ok: true, user: { id: user.id, role: user.role, name: user.name, twoStep } };
}

/** A completed sign-in: when, and how, in the audit log. */
export function recordSignIn({
  userId,
  method,
  ipAddress,
  now = clock(),
}: {
  userId: number;
  method: string;
  ipAddress?: string;
  now?: Date;
}) {
  db.transaction((tx) => {
    tx.update(schema.users).set({ lastSignedInAt: now }).where(eq(schema.users.id, userId)).run();
    audit({ userId, action: "user.sign_in", entityType: "user", entityId: userId, details: { method }, ipAddress }, tx);
  });
}

/**
 * Failed attempts are kept a day (the window needs 15 minutes); successful ones FAMILIAR_ADDRESS_DAYS, as they
 * are what makes an address familiar.
 */
export function pruneSignInAttempts(now = clock()): number {
  const a = schema.signInAttempts;
  return db
    .delete(a)
    .where(
      or(
        and(eq(a.succeeded, false), lt(a.createdAt, new Date(now.getTime() - 24 * 3600_000))),
        lt(a.createdAt, new Date(now.getTime() - FAMILIAR_ADDRESS_DAYS * 86_400_000)),
      ),
    )
    .run().changes;
}

export function countUsers(): number {
  return db.select({ n: count() }).from(schema.users).get()?.n ?? 0;
}
