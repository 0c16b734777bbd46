import { randomUUID } from "node:crypto";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client } from "./support/http";
import { TEST_TMP } from "./support/paths";
import { freePort, runServerProcess, startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

describe("the built server on an empty database", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({}, { database: "empty" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("seeds the demo and shows a demo session on the home page", async () => {
    expect(server.output()).toMatch(/Demo data added/);
    const response = await new Client(server.url).get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Upcoming sessions");
    expect(html).toMatch(/Domestic abuse awareness for housing estate staff \(DAHA\)|MARAC and DASH risk assessment training/);
    expect(html).toContain("Leave this site");
    expect(html).toContain("0808 2000 247");
  });

  it("compresses pages for a browser that asks (the tests ask for identity to save CPU)", async () => {
    const response = await fetch(`${server.url}/`, { headers: { "accept-encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toContain("Upcoming sessions");
  });

  it("sends a visitor to sign in from /admin, with a return address", async () => {
    const response = await new Client(server.url).get("/admin");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fadmin");
  });

  it("signs each demo account in and back out", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const client = new Client(server.url);
      const signIn = await client.signIn(a.email, a.password);
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("location")).toBe("/admin");
      const dashboard = await client.get("/admin");
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain(a.name);
      const out = await client.post("/sign-out", {});
      expect(out.status).toBe(302);
      expect((await client.get("/admin")).status).toBe(302);
    }
  });

  it("after signing in, goes back only to a path on this site", async () => {
    const organiser = account("organiser");
    const cases: Array<[string, string]> = [
      ["/admin/sessions", "/admin/sessions"],
      ["/\t/evil.example", "/admin"],
      ["/\\evil.example", "/admin"],
      ["//evil.example", "/admin"],
    ];
    for (const [redirectTo, expected] of cases) {
      const response = await new Client(server.url).post("/sign-in", { email: organiser.email, password: organiser.password, redirectTo });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(expected);
    }
  });

  it("keeps the typed email and says what is wrong after a failed sign-in", async () => {
    const client = new Client(server.url);
    const response = await client.signIn("organiser@safercity.example", "not-the-password");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain("Enter a correct email address and password");
    expect(html).toContain('value="organiser@safercity.example"');
    expect(html).not.toContain("not-the-password");
    const empty = await client.post("/sign-in", { email: "", password: "" });
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Enter your email address");
    expect(emptyHtml).toContain("Enter your password");
  });

  it("lets only admins manage staff accounts", async () => {
    for (const role of ["organiser", "facilitator", "reporter"]) {
      const client = new Client(server.url);
      await client.signIn(account(role).email, account(role).password);
      expect((await client.get("/admin/users")).status).toBe(403);
      expect((await client.post("/admin/users", { intent: "disable", userId: "1" })).status).toBe(403);
    }
    const admin = new Client(server.url);
    await admin.signIn(account("admin").email, account("admin").password);
    expect((await admin.get("/admin/users")).status).toBe(200);
  });

  it("refuses cross-site form posts", async () => {
    const response = await new Client(server.url).post(
      "/sign-in",
      { email: "a@b.c", password: "x" },
      { headers: { origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
  });

  it("accepts our own form posts when the browser sends an opaque Origin: null", async () => {
    const response = await new Client(server.url).post("/sign-in", { email: "", password: "" }, { headers: { origin: "null" } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Enter your email address");
  });

  it("answers unknown pages with a 404 page, not an error", async () => {
    const response = await new Client(server.url).get("/no-such-page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});

describe("start-up with bad configuration", () => {
  it("stops and names the variable that is wrong", async () => {
    const { output, exited } = runServerProcess({
      PORT: String(await freePort()),
      DATABASE_PATH: path.join(TEST_TMP, `bad-${randomUUID()}`, "app.db"),
      BOOKING_RATE_LIMIT: "lots",
      APP_MODE: "demo",
    });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/BOOKING_RATE_LIMIT must be a number/);
  });

  it("refuses live mode without a session secret", async () => {
    const { output, exited } = runServerProcess({
      PORT: String(await freePort()),
      DATABASE_PATH: path.join(TEST_TMP, `live-${randomUUID()}`, "app.db"),
      APP_MODE: "live",
    });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/SESSION_SECRET is required when APP_MODE=live/);
  });

  it("refuses a frozen clock outside the test suite", async () => {
    const { output, exited } = runServerProcess({
      PORT: String(await freePort()),
      DATABASE_PATH: path.join(TEST_TMP, `clock-${randomUUID()}`, "app.db"),
      NODE_ENV: "production",
      TEST_NOW: "2027-01-01T00:00:00Z",
    });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/TEST_NOW is only honoured when NODE_ENV=test/);
  });
});
