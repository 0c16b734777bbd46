import bcrypt from "bcryptjs";
import { and, asc, count, desc, eq, gt, lt, max } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";

import { ROLES, type Role } from "../../domain/vocabulary";

/** Sign-in throttling: after this many failures within the window, further attempts are refused. */
export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

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

/**
 * When the next sign-in attempt may be made for this email or from this address, or null if now.
 * Failures count within a sliding window; a success for the account clears its own count.
 */
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

  const blockedBy = (rows: Array<{ createdAt: Date }>, limit: number) =>
    rows.length >= limit ? new Date(rows[limit - 1]!.createdAt.getTime() + windowMs) : null;

  const accountFailures = db
    .select({ createdAt: a.createdAt })
    .from(a)
    .where(and(eq(a.email, normalised), eq(a.succeeded, false), gt(a.createdAt, accountSince)))
    .orderBy(desc(a.createdAt))
    .limit(MAX_FAILURES_PER_ACCOUNT)
    .all();
  const addressFailures = db
    .select({ createdAt: a.createdAt })
    .from(a)
    .where(and(eq(a.ipAddress, ipAddress), eq(a.succeeded, false), gt(a.createdAt, since)))
    .orderBy(desc(a.createdAt))
    .limit(MAX_FAILURES_PER_ADDRESS)
    .all();

  const candidates = [blockedBy(accountFailures, MAX_FAILURES_PER_ACCOUNT), blockedBy(addressFailures, MAX_FAILURES_PER_ADDRESS)]
    .filter((d): d is Date => d !== null && d > now)
    .sort((x, y) => y.getTime() - x.getTime());
  return candidates[0] ?? null;
}

export type SignInResult =
  | { ok: true; user: { id: number; role: Role; name: string } }
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
  const retryAt = signInBlockedUntil({ email: normalised, ipAddress, now });
  // Refused before the password is checked, so a locked-out guesser learns nothing more.
  if (retryAt) return { ok: false, reason: "throttled", retryAt };

  const user = getUserByEmail({ email: normalised });
  const matches = await bcrypt.compare(password, user?.passwordHash ?? (await getDummyHash()));
  const succeeded = Boolean(user && matches);
  db.insert(schema.signInAttempts).values({ email: normalised, ipAddress, succeeded, createdAt: now }).run();

  if (!user || !matches) return { ok: false, reason: "invalid" };
  // Only someone who knows the password learns the account is disabled.
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  db.update(schema.users).set({ lastSignedInAt: now }).where(eq(schema.users.id, user.id)).run();
  return { ok: true, user: { id: user.id, role: user.role, name: user.name } };
}

export function pruneSignInAttempts(olderThan = new Date(clock().getTime() - 24 * 3600_000)): number {
  return db.delete(schema.signInAttempts).where(lt(schema.signInAttempts.createdAt, olderThan)).run().changes;
}

export function countUsers(): number {
  return db.select({ n: count() }).from(schema.users).get()?.n ?? 0;
}
