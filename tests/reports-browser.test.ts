/**
 * The "done when", in Chromium against the demo data: an L&D lead finds how many staff were trained
 * by department; an organiser opens the Behind Closed Doors evaluation, writes its summary and prints it as
 * an A4 committee paper; the action plan shows a computed RAG for every action with a target.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations } from "./support/axe";
import { launchBrowser } from "./support/browser";
import { openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS, DEMO_PLAN_TITLE } from "../db/seed-data/demo";

async function signIn(page: Page, base: string, role: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

describe("reports in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lets an L&D lead see how many staff were trained, by department", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, "reporter");
    await page.getByRole("link", { name: "Training figures" }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("link", { name: "By department" }).click();
    await page.waitForURL(/by=department/);
    await page.getByRole("link", { name: "All time" }).click();
    await page.waitForURL(/range=all/);
    const table = page.getByTestId("training-table");
    const row = table.getByRole("row", { name: /Housing Estates/ });
    await row.waitFor();
    const cells = await row.getByRole("cell").allInnerTexts();
    const { sqlite } = openServerDatabase(server.databasePath);
    const expected = sqlite
      .prepare(
        `select count(distinct b.email_normalised) as people, count(*) as attendances from bookings b join sessions s on s.id = b.session_id
         where b.status = 'confirmed' and b.attendance = 'attended' and s.status = 'scheduled' and b.department = 'Housing Estates'`,
      )
      .get() as { people: number; attendances: number };
    sqlite.close();
    expect(expected.people).toBeGreaterThan(0);
    expect(cells.map(Number)).toEqual([expected.people, expected.attendances]);
    // A reporter reads; the organiser's menu items are not offered.
    await expect(page.getByRole("link", { name: "Programmes" }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it("lets an organiser open the Behind Closed Doors evaluation, write its summary and print it on A4", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, "organiser");
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.getByRole("link", { name: /^Behind Closed Doors/ }).click();
    await page.getByRole("heading", { level: 1, name: /Behind Closed Doors/ }).waitFor();
    await expect(page.getByTestId("figure").filter({ hasText: "Extremely useful" }).innerText()).resolves.toMatch(/\d+%/);
    expect(await page.locator("svg.recharts-surface").count()).toBeGreaterThan(2);

    await page.getByRole("link", { name: "Write the summary and next steps" }).click();
    await page.getByLabel("Summary").fill("Businesses told us the session changed how they would respond to a colleague.");
    await page.getByLabel("Next steps").fill("Run two more sessions for City businesses.");
    await page.getByRole("button", { name: /Save/ }).click();
    await page.getByText("Summary and next steps saved.").waitFor();

    await page.getByRole("link", { name: "Printable committee paper" }).click();
    await page.getByRole("heading", { level: 1, name: "Behind Closed Doors: an evaluation of feedback" }).waitFor();
    await page.getByText("Businesses told us the session changed").waitFor();

    await page.emulateMedia({ media: "print" });
    // Printed, the paper is the paper: no service header, menus or links back.
    expect(await page.locator(".app-header").isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "Back to the report" }).isVisible()).toBe(false);
    expect(await page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
    expect(await page.locator("svg.recharts-surface").first().isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF")).toBe(true);
    // Every page is A4, 595.3 × 841.9 points (the print CSS asks for it; Chromium's default is US Letter).
    const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(Math.abs(w! - 595.3)).toBeLessThan(1);
      expect(Math.abs(h! - 841.9)).toBeLessThan(1);
    }
    await page.context().close();
  });

  it("shows the action plan with a computed RAG status for every action that has a target", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, "organiser");
    await page.getByRole("link", { name: "Action plans" }).click();
    await page.getByRole("link", { name: DEMO_PLAN_TITLE }).click();
    await page.waitForURL(/\/admin\/plans\/\d+$/);
    await page.getByTestId("plan-table").first().waitFor();
    const { sqlite } = openServerDatabase(server.databasePath);
    const withTargets = (
      sqlite
        .prepare(
          "select count(distinct t.action_id) as n from action_targets t join plan_actions a on a.id = t.action_id join action_plans p on p.id = a.plan_id where p.title = ?",
        )
        .get(DEMO_PLAN_TITLE) as { n: number }
    ).n;
    sqlite.close();
    expect(withTargets).toBeGreaterThan(2);
    const measured = page.getByTestId("plan-action").filter({ has: page.getByTestId("plan-target") });
    expect(await measured.count()).toBe(withTargets);
    for (const row of await measured.all()) {
      const status = row.locator('[data-testid="rag-computed"], [data-testid="rag-shown"]').first();
      await expect(status.getAttribute("data-rag")).resolves.toMatch(/^(complete|green|amber|red|blue)$/);
      expect(await status.isVisible()).toBe(true);
    }
    await expect(page.getByText("How the RAG status is worked out").isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("lets an organiser upload HR's staff list, check who would leave it, and confirm", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const staff = sqlite
      .prepare("select name, email, department from staff_members where left_at is null order by department, name")
      .all() as Array<{ name: string; email: string; department: string }>;
    sqlite.close();
    const [leaver, ...stay] = staff;
    const csv = [
      "Name,Email,Department",
      ...stay.map((p) => `${p.name},${p.email},${p.department}`),
      "Nia Newcombe,nia.newcombe@council.example,Housing Estates",
    ].join("\n");

    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/training/compulsory`);
    await page.getByRole("link", { name: "Upload the staff list" }).click();
    await page.getByLabel("CSV file").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check the changes" }).click();
    await page.getByRole("heading", { name: "Check the changes to the staff list" }).waitFor();
    await expect(page.getByTestId("leaving").innerText()).resolves.toBe(`${leaver!.name} (${leaver!.department})`);
    await expect(page.getByTestId("many-leaving").count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Update the staff list" }).click();
    await page
      .getByText("Staff list updated: 1 person added, 0 people updated, 0 people back on the list, 1 person marked as having left.")
      .waitFor();
    await page.context().close();
  });
});
