/**
 * Two-step verification (issue 17, ADR 029), on the running server in live mode with its frozen clock: an
 * organiser must set it up before any staff page opens; a code is accepted once and only within a step of now;
 * recovery codes are single use; wrong codes end the sign-in after five; an administrator resets it; the secret
 * is encrypted at rest; and each enrolment, sign-in, failure and recovery code is in the audit log.
 */
import { Secret, TOTP } from "otpauth";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { testNow } from "./support/clock";
import { openServerDatabase } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

/** The code an authenticator app shows for this key, `steps` 30-second steps from the server's (frozen) now. */
function codeFor(key: string, steps = 0): string {
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s/g, "")) });
  return totp.generate({ timestamp: testNow().getTime() + steps * 30_000 });
}

async function signInWithPassword(client: Client, role: string, redirectTo = "/admin") {
  const a = account(role);
  return client.post("/sign-in", { email: a.email, password: a.password, redirectTo });
}

/** Signs in, sets up two-step verification from the key on the set-up page, and gives the key and recovery codes. */
async function enrol(client: Client, role: string) {
  expect((await signInWithPassword(client, role)).status).toBe(302);
  const page = await (await client.get("/admin/account/two-step")).text();
  const key = /data-testid="two-step-key">([A-Z2-7 ]+)</.exec(page)![1]!.replace(/\s/g, "");
  const done = await client.post("/admin/account/two-step", { code: codeFor(key) });
  expect(done.status).toBe(200);
  const recovery = [...(await done.text()).matchAll(/<code>([2-9A-Z]{5}-[2-9A-Z]{5})<\/code>/g)].map((m) => m[1]!);
  return { key, recovery };
}

describe("two-step verification in live mode", () => {
  let server: RunningServer;
  let browser: Browser;
  const audit = (action: string, userId?: number) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const rows = sqlite
      .prepare(`select details from audit_log where action = ? ${userId ? "and entity_id = ?" : ""} order by id`)
      .all(...(userId ? [action, userId] : [action])) as Array<{ details: string | null }>;
    sqlite.close();
    return rows.map((r) => (r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null));
  };
  const userId = (role: string) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const id = sqlite.prepare("select id from users where email = ?").pluck().get(account(role).email) as number;
    sqlite.close();
    return id;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ APP_MODE: "live", SESSION_SECRET: "a-test-secret-of-enough-length-0123456789" }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sends an organiser to set it up before any staff page opens, and lets a facilitator in without it", async () => {
    const organiser = new Client(server.url);
    await signInWithPassword(organiser, "organiser");
    for (const path of ["/admin", "/admin/sessions", "/admin/people"]) {
      const answer = await organiser.get(path);
      expect(answer.status, path).toBe(302);
      expect(answer.headers.get("location"), path).toBe("/admin/account/two-step");
    }
    expect((await organiser.get("/admin/account/two-step")).status).toBe(200);

    const facilitator = new Client(server.url);
    await signInWithPassword(facilitator, "facilitator");
    expect((await facilitator.get("/admin/sessions")).status).toBe(200);
  });

  it("turns on only with a current code from the key shown, gives ten recovery codes, and keeps the key encrypted", async () => {
    const client = new Client(server.url);
    await signInWithPassword(client, "organiser");
    const page = await (await client.get("/admin/account/two-step")).text();
    const key = /data-testid="two-step-key">([A-Z2-7 ]+)</.exec(page)![1]!.replace(/\s/g, "");
    // The page shows the same key until it is confirmed.
    expect(await (await client.get("/admin/account/two-step")).text()).toContain(key.replace(/(.{4})(?!$)/g, "$1 "));
    expect((await client.post("/admin/account/two-step", { code: codeFor(key, 5) })).status).toBe(400);
    expect((await client.post("/admin/account/two-step", { code: "not a code" })).status).toBe(400);
    const done = await client.post("/admin/account/two-step", { code: codeFor(key) });
    expect(done.status).toBe(200);
    const recovery = [...(await done.text()).matchAll(/<code>([2-9A-Z]{5}-[2-9A-Z]{5})<\/code>/g)].map((m) => m[1]!);
    expect(new Set(recovery).size).toBe(10);
    expect((await client.get("/admin/sessions")).status).toBe(200);

    const { sqlite } = openServerDatabase(server.databasePath);
    const stored = sqlite.prepare("select totp_secret from users where id = ?").pluck().get(userId("organiser")) as string;
    const hashes = sqlite.prepare("select code_hash from recovery_codes where user_id = ?").pluck().all(userId("organiser")) as string[];
    sqlite.close();
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(key);
    expect(hashes.some((h) => recovery.some((c) => h.includes(c.replace("-", ""))))).toBe(false);
    expect(audit("user.two_step_enrol", userId("organiser"))).toHaveLength(1);
  });

  it("asks for the code after the password; accepts a code once, within a step of now; recovery codes once each", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    sqlite
      .prepare("update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null where email = ?")
      .run(account("reporter").email);
    sqlite.close();
    const setUp = new Client(server.url);
    // Reporters need not, but may: it is the same for them.
    await signInWithPassword(setUp, "reporter");
    const page = await (await setUp.get("/admin/account/two-step")).text();
    const key = /data-testid="two-step-key">([A-Z2-7 ]+)</.exec(page)![1]!.replace(/\s/g, "");
    const done = await setUp.post("/admin/account/two-step", { code: codeFor(key) });
    const recovery = [...(await done.text()).matchAll(/<code>([2-9A-Z]{5}-[2-9A-Z]{5})<\/code>/g)].map((m) => m[1]!);
    const id = userId("reporter");

    const client = new Client(server.url);
    const first = await signInWithPassword(client, "reporter", "/admin/reports");
    expect(first.headers.get("location")).toBe("/sign-in/two-step");
    // The password alone has not signed anyone in.
    expect((await client.get("/admin/reports")).headers.get("location")).toMatch(/^\/sign-in\?/);
    // The code used to turn it on, and an older one, are refused; one too far ahead too.
    for (const steps of [0, -1, 2])
      expect((await client.post("/sign-in/two-step", { code: codeFor(key, steps) })).status, `${steps}`).toBe(400);
    const signedIn = await client.post("/sign-in/two-step", { code: codeFor(key, 1).replace(/^(\d{3})/, "$1 ") });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/admin/reports");
    expect((await client.get("/admin/reports")).status).toBe(200);

    // The same code again, in a new sign-in: refused.
    const again = new Client(server.url);
    await signInWithPassword(again, "reporter");
    expect((await again.post("/sign-in/two-step", { code: codeFor(key, 1) })).status).toBe(400);
    // A recovery code (any case, with or without its dash) signs in once.
    expect((await again.post("/sign-in/two-step", { code: recovery[0]!.toLowerCase().replace("-", "") })).status).toBe(302);
    const third = new Client(server.url);
    await signInWithPassword(third, "reporter");
    expect((await third.post("/sign-in/two-step", { code: recovery[0]! })).status).toBe(400);
    expect((await third.post("/sign-in/two-step", { code: recovery[1]! })).status).toBe(302);

    expect(audit("user.recovery_code_used", id).map((d) => d?.left)).toEqual([9, 8]);
    expect(audit("user.sign_in", id).map((d) => d?.method)).toEqual([
      // Before it was turned on.
      "password",
      "password and code",
      "password and recovery code",
      "password and recovery code",
    ]);
    expect(audit("user.sign_in_failed", id).map((d) => d?.reason)).toEqual([
      "code used before",
      "code used before",
      "wrong code",
      "code used before",
      "wrong recovery code",
    ]);
  });

  it("ends the sign-in after five wrong codes, and counts them in the throttle: the password is refused for a while", async () => {
    // The server's clock is frozen: the earlier sign-ins are put a minute back, as they would be in real time
    // (the throttle counts failures after the last success).
    const { sqlite } = openServerDatabase(server.databasePath);
    sqlite.prepare("update sign_in_attempts set created_at = created_at - 60000 where email = ?").run(account("reporter").email);
    sqlite.close();
    const client = new Client(server.url);
    await signInWithPassword(client, "reporter", "/admin/reports");
    for (let i = 0; i < 4; i++) expect((await client.post("/sign-in/two-step", { code: "000000" })).status).toBe(400);
    const last = await client.post("/sign-in/two-step", { code: "000000" });
    expect(last.status).toBe(302);
    expect(last.headers.get("location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: "/admin/reports" })}`);
    expect((await client.get("/sign-in/two-step")).headers.get("location")).toBe("/sign-in");
    // The wrong codes count in the sign-in throttle (ADR 014): the right password again buys no more guesses.
    const again = await signInWithPassword(new Client(server.url), "reporter", "/admin/reports");
    expect(again.status).toBe(429);
    expect(await again.text()).toContain("too many times");
  });

  it("lets an administrator reset someone's, who then sets it up again; an administrator must set it up first", async () => {
    const admin = new Client(server.url);
    // A password administrator reaches no staff page before setting it up.
    await signInWithPassword(admin, "admin");
    for (const path of ["/admin", "/admin/users", "/admin/settings", "/admin/subject-access"])
      expect((await admin.get(path)).headers.get("location"), path).toBe("/admin/account/two-step");
    await enrol(admin, "admin");
    const usersPage = await admin.get("/admin/users");
    expect(usersPage.status).toBe(200);
    expect((await admin.post("/admin/users", { intent: "reset-two-step", userId: String(userId("organiser")) })).status).toBe(200);
    expect(audit("user.two_step_reset", userId("organiser"))).toHaveLength(1);

    const organiser = new Client(server.url);
    const signIn = await signInWithPassword(organiser, "organiser");
    expect(signIn.headers.get("location")).toBe("/admin");
    expect((await organiser.get("/admin")).headers.get("location")).toBe("/admin/account/two-step");
  });

  it("shows the code page and the set-up page accessibly, and signs in through them in a browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email address").fill(account("organiser").email);
    await page.getByLabel("Password").fill(account("organiser").password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const key = (await page.getByTestId("two-step-key").textContent())!.replace(/\s/g, "");
    await page.getByLabel("Code from the app").fill(codeFor(key));
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await page.getByTestId("recovery-codes").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await context.clearCookies();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email address").fill(account("organiser").email);
    await page.getByLabel("Password").fill(account("organiser").password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Code").fill("111111");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("That code is not right").first().waitFor();
    await page.getByLabel("Code").fill(codeFor(key, 1));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/admin$/);
    await context.close();
  });
});
