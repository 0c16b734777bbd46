/**
 * Single sign-on through the council's OpenID Connect provider (issue 17, ADR 029), with `openid-client`: the
 * authorisation code flow with PKCE (S256), a random state and nonce kept in a signed cookie that is used once,
 * and the ID token's signature (against the provider's published keys: `enableNonRepudiationChecks`), issuer,
 * audience, expiry and nonce checked by the library. Then this service's own rules: an email address in an allowed domain, a role (from the
 * provider's groups or app roles, or an account an administrator added), and an account that is not disabled.
 */
import { createHash, randomBytes } from "node:crypto";

import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import * as oidc from "openid-client";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { resolveSessionSecret } from "~/models/staff-session.server";
import { hashPassword, recordSignIn } from "~/models/user.server";
import { clock } from "~/utils/clock.server";
import { getEnv, isLoopback } from "~/utils/env.server";

import { ROLES, type Role } from "../../domain/vocabulary";

const u = schema.users;
export const CALLBACK_PATH = "/sign-in/sso/callback";

export function singleSignOnEnabled(): boolean {
  return Boolean(getEnv().OIDC_ISSUER_URL);
}

// The provider's discovery document, fetched once; a failure is not remembered, so the next sign-in tries again.
let configuration: Promise<oidc.Configuration> | null = null;

function providerConfiguration(): Promise<oidc.Configuration> {
  const env = getEnv();
  configuration ??= (async () => {
    const issuer = new URL(env.OIDC_ISSUER_URL!);
    // The service's clock decides what "now" is for the token's times too (it is frozen in tests).
    const skew = Math.round((clock().getTime() - Date.now()) / 1000);
    return oidc.discovery(
      issuer,
      env.OIDC_CLIENT_ID!,
      { client_secret: env.OIDC_CLIENT_SECRET!, [oidc.clockSkew]: skew },
      oidc.ClientSecretPost(env.OIDC_CLIENT_SECRET!),
      {
        execute: [
          // The library trusts an ID token from the token endpoint by TLS alone (OpenID Connect allows it); the
          // issue asks for its signature to be checked against the provider's published keys too, and a test
          // with a spoiled signature showed the difference.
          oidc.enableNonRepudiationChecks,
          // http is refused by the library, and by the configuration check unless the provider is on this machine.
          ...(isLoopback(issuer.hostname) ? [oidc.allowInsecureRequests] : []),
        ],
      },
    );
  })();
  configuration.catch(() => {
    configuration = null;
  });
  return configuration;
}

// ----- The state of one sign-in, between leaving for the provider and coming back --------------------------------

type Pending = { verifier: string; state: string; nonce: string; redirectTo: string };

function pendingCookie() {
  const env = getEnv();
  return createCookie("__sso", {
    httpOnly: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: "lax",
    path: "/sign-in/sso",
    secure: env.APP_MODE === "live",
    secrets: [resolveSessionSecret(env)],
    maxAge: 10 * 60,
  });
}

/** Where to send the browser to sign in at the provider, and the cookie that remembers this attempt. */
export async function startSingleSignOn({ redirectTo }: { redirectTo: string }) {
  const config = await providerConfiguration();
  const pending: Pending = {
    verifier: oidc.randomPKCECodeVerifier(),
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    redirectTo,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${getEnv().PUBLIC_URL}${CALLBACK_PATH}`,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, setCookie: await pendingCookie().serialize(pending) };
}

async function readPending(cookieHeader: string | null): Promise<Pending | null> {
  const value = (await pendingCookie().parse(cookieHeader)) as Partial<Pending> | null;
  if (!value || typeof value !== "object") return null;
  const { verifier, state, nonce, redirectTo } = value;
  return typeof verifier === "string" && typeof state === "string" && typeof nonce === "string" && typeof redirectTo === "string"
    ? { verifier, state, nonce, redirectTo }
    : null;
}

/** The cookie's removal: each attempt's state and nonce are good for one return from the provider. */
export async function forgetSingleSignOn(): Promise<string> {
  return pendingCookie().serialize("", { maxAge: 0 });
}

// ----- Coming back --------------------------------------------------------------------------------------------------

export type SingleSignOnRefusal =
  | "no attempt"
  | "provider"
  | "token"
  | "no email"
  | "domain"
  | "no role"
  | "no account"
  | "linked elsewhere"
  | "no second factor"
  | "disabled";

export type SingleSignOnResult = { ok: true; userId: number; redirectTo: string } | { ok: false; reason: SingleSignOnRefusal };

/** The role the provider's groups or app roles give, the highest if several; null if none does. */
export function roleFromClaims(claims: Record<string, unknown>): Role | null {
  const env = getEnv();
  const raw = claims[env.OIDC_ROLE_CLAIM];
  const values = new Set(
    (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : []).filter((v): v is string => typeof v === "string"),
  );
  for (const role of ROLES) if (env.OIDC_ROLE_MAP.some((m) => m.role === role && values.has(m.value))) return role;
  return null;
}

const refuse = (reason: SingleSignOnRefusal, ipAddress: string | undefined, userId: number | null = null): SingleSignOnResult => {
  audit({
    userId: null,
    action: "user.sign_in_failed",
    entityType: "user",
    entityId: userId,
    details: { reason, method: "single sign-on" },
    ipAddress,
  });
  return { ok: false, reason };
};

/**
 * Finishes a sign-in from the provider's redirect: the code exchanged (with the PKCE verifier), the ID token
 * checked, then the person matched to an account. `callbackUrl` is the address the browser came back to.
 */
export async function finishSingleSignOn({
  callbackUrl,
  cookieHeader,
  ipAddress,
}: {
  callbackUrl: URL;
  cookieHeader: string | null;
  ipAddress?: string;
}): Promise<SingleSignOnResult> {
  const pending = await readPending(cookieHeader);
  // Not audited: anyone can open this address, and each visit would write a row.
  if (!pending) return { ok: false, reason: "no attempt" };
  if (callbackUrl.searchParams.has("error")) return refuse("provider", ipAddress);
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(await providerConfiguration(), callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    // A wrong state, audience, signature or expiry, or a code used twice: nothing is said to the visitor but
    // that it did not work; the reason is in the server's log for whoever runs it.
    // The library's own words say which check failed ("unexpected JWT "exp" … claim value"); they hold no claims.
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message !== (error as Error).message ? ` (${cause.message})` : "";
    console.warn(`Single sign-on refused: ${error instanceof Error ? error.message : String(error)}${detail}`);
    return refuse("token", ipAddress);
  }
  if (!claims) return refuse("token", ipAddress);
  return await matchAccount({ claims, redirectTo: pending.redirectTo, ipAddress });
}

/** The roles that must have used more than one factor at the provider, where OIDC_REQUIRE_MFA asks it. */
const MFA_ROLES: readonly Role[] = ["admin", "organiser"];

async function matchAccount({
  claims,
  redirectTo,
  ipAddress,
}: {
  claims: oidc.IDToken;
  redirectTo: string;
  ipAddress?: string;
}): Promise<SingleSignOnResult> {
  const env = getEnv();
  const subject = `${claims.iss}|${claims.sub}`;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  // The address is who they are here (and may be linked to an account an administrator made): it must be one the
  // provider confirmed, or one from a provider trusted to give only its own (OIDC_TRUST_EMAIL).
  const confirmed = claims.email_verified === true || (env.OIDC_TRUST_EMAIL && claims.email_verified === undefined);
  if (!email || !confirmed) return refuse("no email", ipAddress);
  if (!env.OIDC_ALLOWED_DOMAINS.includes(email.slice(email.lastIndexOf("@") + 1))) return refuse("domain", ipAddress);
  const byRoleMap = env.OIDC_ROLE_MAP.length > 0;
  const role = byRoleMap ? roleFromClaims(claims) : null;
  const linked = db.select().from(u).where(eq(u.oidcSubject, subject)).get();
  const byEmail = linked ? null : db.select().from(u).where(eq(u.email, email)).get();
  // An account already linked to another person at the provider (a reused address, a recreated account) is not
  // taken over: an administrator sorts it out.
  if (byEmail?.oidcSubject) return refuse("linked elsewhere", ipAddress, byEmail.id);
  const existing = linked ?? byEmail;
  if (existing?.disabledAt) return refuse("disabled", ipAddress, existing.id);
  if (byRoleMap && !role) return refuse("no role", ipAddress, existing?.id ?? null);
  if (!byRoleMap && !existing) return refuse("no account", ipAddress);
  const finalRole = role ?? existing!.role;
  if (env.OIDC_REQUIRE_MFA && MFA_ROLES.includes(finalRole)) {
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    if (!amr.includes("mfa")) return refuse("no second factor", ipAddress, existing?.id ?? null);
  }
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 120) : (existing?.name ?? email);
  // No password anyone knows, hashed at the usual cost so the password form answers as slowly for this account.
  const unusable = existing ? null : await hashPassword(randomBytes(32).toString("hex"));

  let userId: number;
  try {
    userId = db.transaction((tx) => {
      if (existing) {
        // The provider's groups are the source of a role when they give one; otherwise the administrator's stays.
        const changes = { oidcSubject: subject, ...(role && role !== existing.role ? { role } : {}), updatedAt: clock() };
        tx.update(u).set(changes).where(eq(u.id, existing.id)).run();
        if (!existing.oidcSubject)
          audit(
            {
              userId: null,
              action: "user.link_provider",
              entityType: "user",
              entityId: existing.id,
              details: { subject: hashOf(subject) },
            },
            tx,
          );
        if (role && role !== existing.role)
          audit(
            {
              userId: null,
              action: "user.role_from_provider",
              entityType: "user",
              entityId: existing.id,
              details: { from: existing.role, to: role },
            },
            tx,
          );
        return existing.id;
      }
      const created = tx
        .insert(u)
        .values({ email, name, role: role!, passwordHash: unusable!, oidcSubject: subject })
        .returning({ id: u.id })
        .get();
      audit(
        {
          userId: null,
          action: "user.create_from_provider",
          entityType: "user",
          entityId: created.id,
          details: { role, subject: hashOf(subject) },
        },
        tx,
      );
      return created.id;
    });
  } catch (error) {
    // Two first sign-ins at once, or the address taken meanwhile: the unique email or subject refused the second.
    if (error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT")) {
      return refuse("linked elsewhere", ipAddress);
    }
    throw error;
  }
  recordSignIn({ userId, method: "single sign-on", ipAddress });
  return { ok: true, userId, redirectTo };
}

const hashOf = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 16);
