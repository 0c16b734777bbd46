/**
 * Staff sign-in sessions (kept in the database) and the role check every /admin loader and action goes through.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { createCookie, createSessionStorage, redirect, type Session } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { getEnv, type Env } from "~/utils/env.server";

import type { Role } from "../../domain/vocabulary";

export const SESSION_HOURS = 10;

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Two-step verification is set up on this account. */
  twoStep: boolean;
  /** This session began through the council's identity provider, whose own rules apply (ADR 029). */
  viaSso: boolean;
};

/** Administrators and organisers must use two-step verification in live mode (issue 17, ADR 029). */
export function mustUseTwoStep(role: Role, env: Pick<Env, "APP_MODE"> = getEnv()): boolean {
  return env.APP_MODE === "live" && (role === "admin" || role === "organiser");
}

/** Where someone who must use two-step verification and has not yet set it up is sent, whatever they opened. */
export const TWO_STEP_SETUP_PATH = "/admin/account/two-step";

/**
 * SESSION_SECRET from the environment; in demo mode a random secret generated once and kept beside the
 * database, so demo sign-ins survive a restart without anyone having to invent a secret.
 */
export function resolveSessionSecret(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.APP_MODE !== "demo") throw new Error("SESSION_SECRET is required outside demo mode");
  const file = path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "session-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      // Another process created it between our read and write: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return readFileSync(file, "utf8").trim();
  }
}

const hashId = (id: string) => createHash("sha256").update(id).digest("hex");

type SessionData = {
  userId: number;
  /** How this session signed in. */
  method: "password" | "sso";
  /** Password checked, second step not yet: not signed in (`getUser` is null), for ten minutes at most. */
  pendingUserId: number;
  pendingUntil: number;
  pendingRedirectTo: string;
  pendingFailures: number;
  /** The secret shown while someone sets up two-step verification, until they confirm it with a code (sealed). */
  enrolSecret: string;
};
type FlashData = { notice: string };

let storage: ReturnType<typeof createSessionStorage<SessionData, FlashData>> | undefined;

function sessionStorage() {
  if (storage) return storage;
  const env = getEnv();
  const cookie = createCookie("__staff", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.APP_MODE === "live",
    secrets: [resolveSessionSecret(env)],
    maxAge: SESSION_HOURS * 60 * 60,
  });
  // Remix offers an expiry worked out from the wall clock; the server's clock (frozen in tests) decides instead,
  // so that the expiry written and the expiry checked in readData come from the same clock.
  const expiry = () => new Date(clock().getTime() + SESSION_HOURS * 3600_000);
  storage = createSessionStorage<SessionData, FlashData>({
    cookie,
    async createData(data) {
      const userId = Number(data.userId ?? data.pendingUserId);
      if (!Number.isInteger(userId)) throw new Error("A staff session needs a user");
      const id = randomBytes(32).toString("base64url");
      db.insert(schema.authSessions)
        .values({
          idHash: hashId(id),
          userId,
          data: data as Record<string, unknown>,
          expiresAt: expiry(),
        })
        .run();
      return id;
    },
    async readData(id) {
      const row = db
        .select({ data: schema.authSessions.data })
        .from(schema.authSessions)
        .where(and(eq(schema.authSessions.idHash, hashId(id)), gt(schema.authSessions.expiresAt, clock())))
        .get();
      return (row?.data as Partial<SessionData & FlashData> | undefined) ?? null;
    },
    async updateData(id, data, expires) {
      db.update(schema.authSessions)
        .set({ data: data as Record<string, unknown>, ...(expires ? { expiresAt: expiry() } : {}) })
        .where(eq(schema.authSessions.idHash, hashId(id)))
        .run();
    },
    async deleteData(id) {
      db.delete(schema.authSessions)
        .where(eq(schema.authSessions.idHash, hashId(id)))
        .run();
    },
  });
  return storage;
}

export function getSession(request: Request): Promise<Session<SessionData, FlashData>> {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export function commitSession(session: Session<SessionData, FlashData>): Promise<string> {
  return sessionStorage().commitSession(session);
}

export async function destroySession(session: Session<SessionData, FlashData>): Promise<string> {
  return sessionStorage().destroySession(session);
}

export function deleteExpiredSessions(now = clock()): number {
  return db.delete(schema.authSessions).where(lt(schema.authSessions.expiresAt, now)).run().changes;
}

/** The signed-in member of staff, or null. A disabled account counts as signed out. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  const user = db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
      disabledAt: schema.users.disabledAt,
      totpEnabledAt: schema.users.totpEnabledAt,
    })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  if (!user || user.disabledAt) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    twoStep: Boolean(user.totpEnabledAt),
    viaSso: session.get("method") === "sso",
  };
}

const THIS_SITE = "http://this-site.invalid";

/**
 * Where to go after signing in: only a path on this site, never another host. Browsers drop tabs and line
 * breaks from an address and read a backslash as a slash, so "/\t/evil.example" would be "//evil.example", another
 * host: such addresses are refused, and what is returned is the path as a browser's URL parser reads it.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/admin"): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, THIS_SITE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === THIS_SITE && !path.startsWith("//") ? path : fallback;
}

export function roleAllows(userRole: Role, allowed: Role | readonly Role[] | undefined): boolean {
  if (!allowed) return true;
  if (userRole === "admin") return true;
  return (Array.isArray(allowed) ? allowed : [allowed]).includes(userRole);
}

/** Query parameters that can hold what someone typed about a person (Find a person, the register's filter). */
const PERSONAL_PARAMS = ["q", "find"];

/**
 * Every /admin loader and action calls this. Not signed in: redirect to sign-in with a return address.
 * Signed in with a role the page does not allow: 403. Admins may open everything.
 */
export async function requireUser(
  request: Request,
  options: { role?: Role | readonly Role[]; settingUpTwoStep?: boolean } = {},
): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    // A name typed into a search or a register's filter is not carried into the sign-in page's address.
    for (const personal of PERSONAL_PARAMS) url.searchParams.delete(personal);
    const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: back })}`);
  }
  // Until they have set it up, the set-up page is the only staff page they can open.
  // (The staff area's own loader runs for the set-up page too: the page's address lets it through.)
  if (!user.twoStep && !user.viaSso && mustUseTwoStep(user.role) && !options.settingUpTwoStep) {
    const path = new URL(request.url).pathname.replace(/\.data$/, "");
    if (path !== TWO_STEP_SETUP_PATH) throw redirect(TWO_STEP_SETUP_PATH);
  }
  if (!roleAllows(user.role, options.role)) {
    throw new Response("Your account does not have permission to open this page.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return user;
}

export async function createUserSession({
  request,
  userId,
  redirectTo,
  method = "password",
  headers: extra = [],
}: {
  request: Request;
  userId: number;
  redirectTo: string;
  method?: "password" | "sso";
  /** More cookies to set with it (the single sign-on attempt's removal). */
  headers?: string[];
}) {
  // Start from a fresh session rather than the visitor's existing one, so a planted cookie is not reused.
  const old = await getSession(request);
  const headers = new Headers();
  if (old.id) headers.append("Set-Cookie", await destroySession(old));
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  session.set("method", method);
  headers.append("Set-Cookie", await commitSession(session));
  for (const cookie of extra) headers.append("Set-Cookie", cookie);
  return redirect(redirectTo, { headers });
}

const PENDING_MINUTES = 10;
/** Wrong codes allowed in one sign-in before the password must be given again. */
export const SECOND_STEP_TRIES = 5;

/** The password was right and the account has two-step verification: a session that is not yet signed in. */
export async function createPendingSession({ request, userId, redirectTo }: { request: Request; userId: number; redirectTo: string }) {
  const old = await getSession(request);
  const headers = new Headers();
  if (old.id) headers.append("Set-Cookie", await destroySession(old));
  const session = await sessionStorage().getSession();
  session.set("pendingUserId", userId);
  session.set("pendingUntil", clock().getTime() + PENDING_MINUTES * 60_000);
  session.set("pendingRedirectTo", redirectTo);
  session.set("pendingFailures", 0);
  headers.append("Set-Cookie", await commitSession(session));
  return redirect("/sign-in/two-step", { headers });
}

/** The sign-in waiting for its second step, if there is one still in time and not tried too often. */
export async function pendingSignIn(request: Request) {
  const session = await getSession(request);
  const userId = session.get("pendingUserId");
  const until = session.get("pendingUntil");
  const failures = session.get("pendingFailures") ?? 0;
  if (typeof userId !== "number" || typeof until !== "number" || until <= clock().getTime() || failures >= SECOND_STEP_TRIES) return null;
  return { session, userId, redirectTo: safeRedirect(session.get("pendingRedirectTo")), failures };
}

/** Counts a wrong second step; true when that was the last try allowed. */
export async function recordSecondStepFailure(session: Session<SessionData, FlashData>) {
  const failures = (session.get("pendingFailures") ?? 0) + 1;
  session.set("pendingFailures", failures);
  return { setCookie: await commitSession(session), exhausted: failures >= SECOND_STEP_TRIES };
}

export async function signOut(request: Request) {
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await destroySession(session) } });
}

/** Redirects with a one-time confirmation ("Session created") shown in a success banner on the next page. */
export async function redirectWithNotice(request: Request, to: string, notice: string) {
  const session = await getSession(request);
  if (!session.get("userId")) return redirect(to);
  session.flash("notice", notice);
  return redirect(to, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

/** Reads (and so clears) the confirmation waiting for this member of staff, if any. */
export async function takeNotice(request: Request): Promise<{ notice: string | null; setCookie: string | null }> {
  const session = await getSession(request);
  const notice = session.get("notice") ?? null;
  return { notice, setCookie: notice ? await commitSession(session) : null };
}
