import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { createUserSession, getUser, requireUser, safeRedirect, SESSION_HOURS } from "~/models/staff-session.server";
import {
  ACCOUNT_FAILURES_BEFORE_SPACING,
  ACCOUNT_SPACING_SECONDS,
  createUser,
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  pruneSignInAttempts,
  setUserDisabled,
  signInBlockedUntil,
  verifySignIn,
} from "~/models/user.server";
import { rereadEnv } from "~/utils/env.server";

import { testNow } from "./support/clock";

const PASSWORD = "correct horse battery";

async function requestAs(userId: number, path = "/admin/users") {
  const response = await createUserSession({ request: new Request("http://test/sign-in"), userId, redirectTo: "/admin" });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c!.endsWith("="))
    .join("; ");
  return new Request(`http://test${path}`, { headers: { cookie } });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("Expected a Response to be thrown");
}

describe("staff sign-in", () => {
  let organiserId: number;
  beforeAll(async () => {
    organiserId = (await createUser({ email: "Organiser@Council.example", name: "Olu Organiser", role: "organiser", password: PASSWORD }))
      .id;
    const disabled = await createUser({ email: "gone@council.example", name: "Gone", role: "organiser", password: PASSWORD });
    setUserDisabled({ userId: disabled.id, disabled: true });
  });

  it("accepts the right password, whatever the case of the email", async () => {
    const result = await verifySignIn({ email: "organiser@council.EXAMPLE", password: PASSWORD, ipAddress: "10.0.0.1" });
    expect(result).toMatchObject({ ok: true, user: { id: organiserId, role: "organiser" } });
  });

  it("refuses a wrong password and an unknown email with the same answer", async () => {
    expect(await verifySignIn({ email: "organiser@council.example", password: "wrong password!", ipAddress: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifySignIn({ email: "nobody@council.example", password: PASSWORD, ipAddress: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses a disabled account, and only says so to someone who knows its password", async () => {
    expect(await verifySignIn({ email: "gone@council.example", password: PASSWORD, ipAddress: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await verifySignIn({ email: "gone@council.example", password: "not the password", ipAddress: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("stops a guesser at one address for that account, even with the right password, but not its owner elsewhere", async () => {
    await createUser({ email: "target@council.example", name: "Target", role: "reporter", password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      expect(await verifySignIn({ email: "target@council.example", password: `guess ${i}`, ipAddress: "10.1.0.1" })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const blocked = await verifySignIn({ email: "target@council.example", password: PASSWORD, ipAddress: "10.1.0.1" });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    const retryAt = (blocked as { retryAt: Date }).retryAt;
    expect(retryAt.getTime()).toBeGreaterThan(testNow().getTime() + 10 * 60_000);
    // The guesser cannot lock the account's owner out: from another address the right password works.
    expect((await verifySignIn({ email: "target@council.example", password: PASSWORD, ipAddress: "10.1.0.2" })).ok).toBe(true);
    // And once the window has passed, the guesser's address may try again.
    expect(
      signInBlockedUntil({ email: "target@council.example", ipAddress: "10.1.0.1", now: new Date(retryAt.getTime() + 1000) }),
    ).toBeNull();
  });

  it("spaces out guesses at one account from many addresses, except from an address its owner signs in from", async () => {
    await createUser({ email: "spread@council.example", name: "Spread", role: "reporter", password: PASSWORD });
    const at = (seconds: number) => new Date(testNow().getTime() + seconds * 1000);
    // The owner signed in from the office an hour ago: a familiar address.
    expect((await verifySignIn({ email: "spread@council.example", password: PASSWORD, ipAddress: "10.2.0.1", now: at(-3600) })).ok).toBe(
      true,
    );
    for (let i = 0; i < ACCOUNT_FAILURES_BEFORE_SPACING; i++) {
      const result = await verifySignIn({ email: "spread@council.example", password: "guess", ipAddress: `10.2.1.${i}`, now: at(-10 + i) });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    // A new address now waits its turn: one attempt per ACCOUNT_SPACING_SECONDS, never a lock-out.
    const spaced = await verifySignIn({ email: "spread@council.example", password: "guess", ipAddress: "10.2.2.1", now: at(0) });
    expect(spaced).toEqual({ ok: false, reason: "throttled", retryAt: at(-1 + ACCOUNT_SPACING_SECONDS) });
    expect(
      await verifySignIn({ email: "spread@council.example", password: "guess", ipAddress: "10.2.2.1", now: at(ACCOUNT_SPACING_SECONDS) }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      (
        await verifySignIn({
          email: "spread@council.example",
          password: PASSWORD,
          ipAddress: "10.2.2.2",
          now: at(ACCOUNT_SPACING_SECONDS + 1),
        })
      ).ok,
    ).toBe(false);
    // The owner at the familiar address is not held up at all.
    expect(
      (
        await verifySignIn({
          email: "spread@council.example",
          password: PASSWORD,
          ipAddress: "10.2.0.1",
          now: at(ACCOUNT_SPACING_SECONDS + 2),
        })
      ).ok,
    ).toBe(true);
  });

  it("counts guesses sent at the same moment before checking any password", async () => {
    await createUser({ email: "rush@council.example", name: "Rush", role: "reporter", password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => verifySignIn({ email: "rush@council.example", password: `guess ${i}`, ipAddress: "10.3.0.1" })),
    );
    const reasons = results.map((r) => (r.ok ? "ok" : r.reason));
    expect(reasons.filter((r) => r === "invalid")).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(40 - MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
  });

  it("records every attempt without the password", async () => {
    const attempts = db.select().from(schema.signInAttempts).where(eq(schema.signInAttempts.email, "gone@council.example")).all();
    expect(attempts.map((a) => a.succeeded).sort()).toEqual([false, true]);
    expect(JSON.stringify(attempts)).not.toContain(PASSWORD);
  });

  it("keeps failed attempts a day and successful ones (what makes an address familiar) thirty days", () => {
    const a = schema.signInAttempts;
    const daysAgo = (days: number) => new Date(testNow().getTime() - days * 86_400_000);
    db.delete(a).run();
    db.insert(a)
      .values([
        { email: "p@council.example", ipAddress: "10.4.0.1", succeeded: false, createdAt: daysAgo(0.5) },
        { email: "p@council.example", ipAddress: "10.4.0.1", succeeded: false, createdAt: daysAgo(2) },
        { email: "p@council.example", ipAddress: "10.4.0.1", succeeded: true, createdAt: daysAgo(2) },
        { email: "p@council.example", ipAddress: "10.4.0.1", succeeded: true, createdAt: daysAgo(31) },
      ])
      .run();
    expect(pruneSignInAttempts(testNow())).toBe(2);
    expect(db.select({ succeeded: a.succeeded, at: a.createdAt }).from(a).all()).toEqual([
      { succeeded: false, at: daysAgo(0.5) },
      { succeeded: true, at: daysAgo(2) },
    ]);
  });
});

describe("requireUser", () => {
  it("sends a visitor who is not signed in to sign in, with a return address", async () => {
    const response = await thrown(requireUser(new Request("http://test/admin/users?page=2")));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers%3Fpage%3D2");
  });

  it("refuses a signed-in user whose role does not allow the page with 403", async () => {
    const reporter = await createUser({ email: "reporter@council.example", name: "R", role: "reporter", password: PASSWORD });
    const response = await thrown(requireUser(await requestAs(reporter.id), { role: "admin" }));
    expect(response.status).toBe(403);
    await expect(requireUser(await requestAs(reporter.id), { role: ["reporter", "organiser"] })).resolves.toMatchObject({
      id: reporter.id,
    });
  });

  it("lets an admin open every page", async () => {
    const admin = await createUser({ email: "admin@council.example", name: "A", role: "admin", password: PASSWORD });
    await expect(requireUser(await requestAs(admin.id), { role: "facilitator" })).resolves.toMatchObject({ role: "admin" });
  });

  it("treats a disabled account's existing session as signed out", async () => {
    const user = await createUser({ email: "leaver@council.example", name: "L", role: "organiser", password: PASSWORD });
    const request = await requestAs(user.id);
    expect(await getUser(request)).not.toBeNull();
    setUserDisabled({ userId: user.id, disabled: true });
    expect(await getUser(request)).toBeNull();
  });

  it("ends a session after its hours by the service's clock, not the machine's", async () => {
    const user = await createUser({ email: "clock@council.example", name: "C", role: "organiser", password: PASSWORD });
    const at = (instant: Date) => {
      process.env.TEST_NOW = instant.toISOString();
      rereadEnv();
    };
    const runClock = process.env.TEST_NOW!;
    try {
      // A month from the machine's clock, as when the suite runs under a chosen TEST_NOW.
      const start = new Date(testNow().getTime() + 30 * 86_400_000);
      at(start);
      const request = await requestAs(user.id);
      expect(await getUser(request)).toMatchObject({ id: user.id });
      at(new Date(start.getTime() + SESSION_HOURS * 3_600_000 - 60_000));
      expect(await getUser(request)).toMatchObject({ id: user.id });
      at(new Date(start.getTime() + SESSION_HOURS * 3_600_000 + 60_000));
      expect(await getUser(request)).toBeNull();
    } finally {
      at(new Date(runClock));
    }
  });

  it("only redirects to paths on this site after signing in", () => {
    expect(safeRedirect("/admin/sessions")).toBe("/admin/sessions");
    expect(safeRedirect("/admin/reports?range=all#charts")).toBe("/admin/reports?range=all#charts");
    expect(safeRedirect(null)).toBe("/admin");
    // The usual open-redirect bypasses: each is another host, or a scheme, once a browser has read it.
    const bypasses = [
      "//evil.example",
      "///evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "/\\evil.example",
      "\\/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\u0000/evil.example",
      "/./\t/evil.example",
      "/.//evil.example",
      "/..//evil.example",
      "/x/..//evil.example",
      " //evil.example",
      "\t//evil.example",
    ];
    for (const to of bypasses) expect({ to, went: safeRedirect(to) }).toEqual({ to, went: "/admin" });
    // Look-alikes that a browser keeps as a path here are allowed, and stay paths.
    for (const to of ["/%2F%2Fevil.example", "/\uff0f\uff0fevil.example", "/%09/evil.example"]) {
      const went = safeRedirect(to);
      expect(went.startsWith("/") && !went.startsWith("//")).toBe(true);
      expect(new URL(went, "https://training.example").host).toBe("training.example");
    }
  });
});
