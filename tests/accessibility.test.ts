import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ADMIN_ROUTES, adminRouteIds, fillPath } from "./support/admin-routes";
import { axeViolations, hydrated } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const violations = axeViolations;

describe("accessibility (axe-core in Debian's Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(["/", "/events", "/privacy", "/accessibility", "/sign-in", "/certificates"])(
    "public page %s has no WCAG 2.2 AA violations",
    async (path) => {
      const page = await (await browser.newContext()).newPage();
      // Chromium reports what the Content-Security-Policy refused (an inline style, a script) as a console error.
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(server.url + path);
      await hydrated(page);
      expect(errors).toEqual([]);
      expect(await violations(page)).toEqual([]);
      // One h1 per page, and the skip link leads to the main content.
      expect(await page.locator("h1").count()).toBe(1);
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      expect(focused).toBe("Skip to main content");
      await page.context().close();
    },
  );

  it("shows the sign-in error summary accessibly, and it takes focus", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url + "/sign-in");
    await page.getByLabel("Email address").fill("organiser@safercity.example");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain("govuk-error-summary");
    expect(await page.title()).toMatch(/^Error: /);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it("checks a certificate code without JavaScript's help, and shows a wrong one's message accessibly", async () => {
    for (const javaScriptEnabled of [false, true]) {
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      await page.goto(server.url + "/certificates");
      await page.getByLabel("Verification code").fill("zzzz zzzz zzzz");
      await page.getByRole("button", { name: "Check certificate" }).click();
      await page.getByText("There is a problem").waitFor();
      expect(page.url()).toBe(`${server.url}/certificates?code=zzzz+zzzz+zzzz`);
      expect(await page.getByLabel("Verification code").inputValue()).toBe("ZZZZ-ZZZZ-ZZZZ");
      // axe runs as a script in the page: checked where scripts run.
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => document.activeElement?.className)).toContain("govuk-error-summary");
        expect(await page.title()).toMatch(/^Error: /);
        expect(await violations(page)).toEqual([]);
      }
      await page.context().close();
    }
  });

  it("signs in and shows the dashboard without violations", async () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url + "/sign-in");
    await page.getByLabel("Email address").fill(organiser.email);
    await page.getByLabel("Password").fill(organiser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  describe("every staff page, signed in as an administrator", () => {
    let page: Page;
    let ids: Record<string, string>;
    const problems: string[] = [];
    beforeAll(async () => {
      const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
      ids = adminRouteIds(server.databasePath).ids;
      page = await (await browser.newContext()).newPage();
      page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`);
      });
      await page.goto(server.url + "/sign-in");
      await page.getByLabel("Email address").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    });
    afterAll(async () => {
      await page?.context().close();
    });

    it("draws a report's charts within the Content-Security-Policy, on the page and in the committee paper", async () => {
      const { sqlite } = openServerDatabase(server.databasePath);
      const programmeId = sqlite
        .prepare("select s.programme_id from responses r join sessions s on s.id = r.session_id group by 1 order by count(*) desc limit 1")
        .pluck()
        .get() as number;
      sqlite.close();
      for (const path of [`/admin/reports/programmes/${programmeId}`, `/admin/reports/programmes/${programmeId}/paper`]) {
        problems.length = 0;
        expect((await page.goto(server.url + path))?.status()).toBe(200);
        await hydrated(page);
        expect(await page.locator(".app-chart svg").count()).toBeGreaterThan(0);
        expect(problems).toEqual([]);
      }
    });

    const pages = Object.entries(ADMIN_ROUTES).filter(([, route]) => route.page !== false);
    it.each(pages)("%s hydrates without a script error and has no WCAG 2.2 AA violations", async (_file, route) => {
      problems.length = 0;
      const response = await page.goto(server.url + fillPath(route.path, ids));
      expect(response?.status()).toBe(200);
      // Hydration errors are reported as it happens; axe takes far longer than that, so they are in by the end.
      await hydrated(page);
      expect(await violations(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
  });
});
