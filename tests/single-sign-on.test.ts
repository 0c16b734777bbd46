/**
 * Single sign-on (issue 17, ADR 029) against a real OpenID Connect provider started by the test (oidc-provider),
 * in Debian's Chromium: staff sign in through it with the documented variables, roles from the provider's claim;
 * refused for a used or missing state, no allowed role, another domain, a disabled account and an expired token;
 * password sign-in switched off.
 */
import { exportJWK, generateKeyPair } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { openServerDatabase } from "./support/fixtures";
import { OIDC_CLIENT, startOidcProvider, startTamperingProxy, type TestPerson } from "./support/oidc";
import { freePort, startServer, type RunningServer } from "./support/server";

const PEOPLE: Record<string, TestPerson> = {
  lead: { email: "lead@safercity.gov.uk", name: "Asha Lead", roles: ["Training.Organiser"] },
  boss: { email: "boss@safercity.gov.uk", name: "Ben Admin", roles: ["Training.Organiser", "Training.Admin"] },
  nobody: { email: "nobody@safercity.gov.uk", name: "No Role", roles: ["Something.Else"] },
  outsider: { email: "someone@elsewhere.example", name: "Out Sider", roles: ["Training.Organiser"] },
  unconfirmed: { email: "unconfirmed@safercity.gov.uk", name: "Un Confirmed", roles: ["Training.Organiser"], email_verified: false },
  newstarter: { email: "taken@safercity.gov.uk", name: "New Starter", roles: ["Training.Organiser"] },
};

/**
 * The service's clock is the provider's (the real one): the provider signs tokens by it, and a service whose
 * frozen test clock were months away would rightly refuse them (tests/support/clock: the suite may run at any
 * instant, `npm run test:clocks`).
 */
const ssoEnv = (issuer: string, extra: Record<string, string> = {}) => ({
  TEST_NOW: new Date().toISOString(),
  OIDC_ISSUER_URL: issuer,
  OIDC_CLIENT_ID: OIDC_CLIENT.id,
  OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
  OIDC_ALLOWED_DOMAINS: "safercity.gov.uk",
  OIDC_PROVIDER_NAME: "Safer City account",
  OIDC_ROLE_CLAIM: "roles",
  OIDC_ROLE_MAP: "admin=Training.Admin,organiser=Training.Organiser",
  ...extra,
});

/** Through the provider's own sign-in and consent pages, as the person whose login is `login`. */
async function signInAtProvider(page: Page, base: string, login: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Safer City account" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  // The provider asks once per person and client whether to share the claims.
  const consent = page.locator('button[type="submit"]:has-text("Continue")');
  await Promise.race([
    consent.waitFor({ timeout: 10_000 }).then(() => consent.click()),
    page.waitForURL(new RegExp(`^${base}`), { timeout: 10_000 }),
  ]);
  await page.waitForURL(new RegExp(`^${base}`));
}

describe("single sign-on through the council's identity provider", () => {
  let server: RunningServer;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let browser: Browser;

  beforeAll(async () => {
    const providerPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    [server, browser] = await Promise.all([
      startServer({ APP_MODE: "live", SESSION_SECRET: "s".repeat(40), ...ssoEnv(issuer) }),
      launchBrowser(),
    ]);
    provider = await startOidcProvider({ port: providerPort, appUrl: server.url, people: PEOPLE });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  const audit = (action: string) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const rows = sqlite.prepare("select details from audit_log where action = ? order by id").pluck().all(action) as string[];
    sqlite.close();
    return rows.map((d) => JSON.parse(d) as Record<string, unknown>);
  };

  it("signs a member of staff in, makes their account with the role their claim gives, and needs no code of ours", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    expect(await axeViolations(page)).toEqual([]);
    await signInAtProvider(page, server.url, "lead");
    // An organiser in live mode: signed in through the provider, no two-step set-up of ours is asked for.
    await page.waitForURL(`${server.url}/admin`);
    expect(await page.locator(".app-header__account").textContent()).toContain("Asha Lead");
    await page.goto(`${server.url}/admin/sessions`);
    expect(page.url()).toBe(`${server.url}/admin/sessions`);
    await context.close();

    const { sqlite } = openServerDatabase(server.databasePath);
    const user = sqlite.prepare("select role, oidc_subject from users where email = ?").get("lead@safercity.gov.uk") as {
      role: string;
      oidc_subject: string;
    };
    sqlite.close();
    expect(user.role).toBe("organiser");
    expect(user.oidc_subject).toBe(`${provider.issuer}|lead`);
    expect(audit("user.sign_in").at(-1)).toEqual({ method: "single sign-on" });
  });

  it("gives the highest role the claim lists", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, server.url, "boss");
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole("heading", { name: "Staff accounts" }).waitFor();
    await context.close();
  });

  it("refuses the same return from the provider twice, and one with no sign-in started", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let callback = "";
    page.on("request", (r) => {
      if (r.url().includes("/sign-in/sso/callback")) callback = r.url();
    });
    await signInAtProvider(page, server.url, "lead");
    await page.waitForURL(`${server.url}/admin`);
    expect(callback).toContain("code=");
    // Replayed in the same browser: the attempt's cookie was used up.
    await page.goto(callback);
    expect(await page.getByTestId("sso-refused").textContent()).toContain("expired or was already used");
    await context.close();
    // In another browser, with no attempt of its own.
    const other = await (await browser.newContext()).newPage();
    const answer = await other.goto(callback);
    expect(answer!.status()).toBe(400);
    await other.context().close();
    // Anyone can open the address: such visits are not written to the audit log.
    expect(audit("user.sign_in_failed").filter((d) => d.reason === "no attempt")).toEqual([]);
  });

  it("refuses an address the provider has not confirmed, and one already linked to someone else, without a 500", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    // An account an administrator made, already linked to another person at the provider.
    sqlite
      .prepare("insert into users (email, name, role, password_hash, oidc_subject) values (?, 'Old Starter', 'organiser', 'x', ?)")
      .run("taken@safercity.gov.uk", `${provider.issuer}|someone-before`);
    sqlite.close();
    for (const [login, words] of [
      ["unconfirmed", "did not give a confirmed email address"],
      ["newstarter", "linked to someone else"],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAtProvider(page, server.url, login);
      expect(await page.getByTestId("sso-refused").textContent(), login).toContain(words);
      await context.close();
    }
    expect(server.output()).not.toMatch(/SQLITE_CONSTRAINT|Error:/);
  });

  it("refuses someone with no allowed role, someone from another domain, and a disabled account", async () => {
    for (const [login, words, reason] of [
      ["nobody", "no role in this service", "no role"],
      ["outsider", "not one that may use this service", "domain"],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAtProvider(page, server.url, login);
      expect(await page.getByTestId("sso-refused").textContent(), login).toContain(words);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
      expect(
        audit("user.sign_in_failed").some((d) => d.reason === reason),
        login,
      ).toBe(true);
    }
    const { sqlite } = openServerDatabase(server.databasePath);
    sqlite.prepare("update users set disabled_at = ? where email = ?").run(Date.now(), "lead@safercity.gov.uk");
    sqlite.close();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, server.url, "lead");
    expect(await page.getByTestId("sso-refused").textContent()).toContain("disabled");
    await context.close();
  });
});

describe("an ID token for another audience, or not signed by the provider", () => {
  let server: RunningServer;
  let browser: Browser;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: "test-signing-key", alg: "RS256", use: "sig" };
    const [providerPort, proxyPort] = [await freePort(), await freePort()];
    // The service knows the provider by the proxy's address, which passes everything through but the ID token.
    const issuer = `http://127.0.0.1:${proxyPort}`;
    [server, browser] = await Promise.all([
      startServer({ APP_MODE: "live", SESSION_SECRET: "s".repeat(40), ...ssoEnv(issuer) }),
      launchBrowser(),
    ]);
    provider = await startOidcProvider({ port: providerPort, appUrl: server.url, people: PEOPLE, issuer, jwks: { keys: [jwk] } });
    proxy = await startTamperingProxy({ port: proxyPort, target: providerPort, privateKey });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await proxy?.close();
    await provider?.close();
  });

  it.each([
    ["audience", /"aud" \(audience\)/],
    ["signature", /signature/i],
  ] as const)("refuses one with its %s changed, and says which check failed in the server's log", async (mode, logged) => {
    proxy.setMode(mode);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, server.url, "lead");
    expect(await page.getByTestId("sso-refused").textContent()).toContain("could not be checked");
    await context.close();
    expect(server.output()).toMatch(new RegExp(`Single sign-on refused: .*${logged.source}`, logged.flags));
  });

  it("signs in through the same proxy when it changes nothing", async () => {
    proxy.setMode("pass");
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, server.url, "lead");
    await page.waitForURL(`${server.url}/admin`);
    await context.close();
  });
});

describe("single sign-on's token checks and settings", () => {
  it("refuses an ID token that has expired by the service's clock", async () => {
    const providerPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    // The service's clock two hours after the provider's: the provider's one-hour ID token has expired.
    const later = new Date(Date.now() + 2 * 3600_000).toISOString();
    const [server, browser] = await Promise.all([
      startServer({ APP_MODE: "live", SESSION_SECRET: "s".repeat(40), ...ssoEnv(issuer, { TEST_NOW: later }) }),
      launchBrowser(),
    ]);
    const provider = await startOidcProvider({ port: providerPort, appUrl: server.url, people: PEOPLE });
    try {
      const page = await (await browser.newContext()).newPage();
      await signInAtProvider(page, server.url, "lead");
      expect(await page.getByTestId("sso-refused").textContent()).toContain("could not be checked");
      expect(server.output()).toMatch(/Single sign-on refused: .*"exp" \(expiration time\)/);
    } finally {
      await browser.close();
      await server.stop();
      await provider.close();
    }
  });

  it("refuses an organiser who did not use a second factor at the provider, when OIDC_REQUIRE_MFA asks it", async () => {
    const providerPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    const [server, browser] = await Promise.all([
      startServer({ APP_MODE: "live", SESSION_SECRET: "s".repeat(40), ...ssoEnv(issuer, { OIDC_REQUIRE_MFA: "true" }) }),
      launchBrowser(),
    ]);
    const provider = await startOidcProvider({ port: providerPort, appUrl: server.url, people: PEOPLE });
    try {
      const page = await (await browser.newContext()).newPage();
      // The provider's test sign-in is a password alone: its ID token's `amr` has no "mfa".
      await signInAtProvider(page, server.url, "lead");
      expect(await page.getByTestId("sso-refused").textContent()).toContain("more than a password");
    } finally {
      await browser.close();
      await server.stop();
      await provider.close();
    }
  });

  it("turns password sign-in off when asked, leaving only the provider", async () => {
    const server = await startServer({
      APP_MODE: "live",
      SESSION_SECRET: "s".repeat(40),
      ...ssoEnv(`http://127.0.0.1:${await freePort()}`, { PASSWORD_SIGN_IN: "false" }),
    });
    try {
      const page = await (await fetch(`${server.url}/sign-in`)).text();
      expect(page).toContain("Sign in with Safer City account");
      expect(page).not.toContain('name="password"');
      const post = await fetch(`${server.url}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "organiser@safercity.example", password: "organiser-demo-password" }),
        redirect: "manual",
      });
      expect(post.status).toBe(403);
      expect(post.headers.get("set-cookie")).toBeNull();
    } finally {
      await server.stop();
    }
  });

  it("refuses to start with single sign-on half set up, naming the variable", async () => {
    const { parseEnv } = await import("~/utils/env.server");
    const problems = (env: Record<string, string>) => {
      try {
        parseEnv(env);
        return [];
      } catch (error) {
        return (error as { problems: Array<{ variable: string }> }).problems.map((p) => p.variable);
      }
    };
    expect(problems({ OIDC_ISSUER_URL: "https://login.example/tenant/v2.0" }).sort()).toEqual([
      "OIDC_ALLOWED_DOMAINS",
      "OIDC_CLIENT_ID",
      "OIDC_CLIENT_SECRET",
    ]);
    // The variables alone, without the test clock the servers here are given.
    const config = (issuer: string) => Object.fromEntries(Object.entries(ssoEnv(issuer)).filter(([name]) => name !== "TEST_NOW"));
    expect(problems({ ...config("http://idp.example"), OIDC_ROLE_MAP: "admin=x" })).toEqual(["OIDC_ISSUER_URL"]);
    expect(problems({ ...config("https://idp.example"), OIDC_ROLE_MAP: "boss=x" })).toEqual(["OIDC_ROLE_MAP"]);
    expect(problems({ PASSWORD_SIGN_IN: "false" })).toEqual(["PASSWORD_SIGN_IN"]);
  });
});
