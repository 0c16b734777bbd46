/**
 * WCAG 2.2 AA checks with axe-core, run inside the page. Our pages have no frames, so axe runs once in the
 * top document: @axe-core/playwright's frame-by-frame run opens a second page for every check, which made
 * each check take about twice as long for the same rules and the same answer.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type AxeResults = { violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> };

/** Each violation as "rule: what it asks (where)", so a failing test says what to fix. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const results = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    WCAG_22_AA,
  )) as AxeResults;
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Resolves once React has hydrated the page (its fibres are on the DOM), without waiting for the network. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber")), undefined, { polling: 50 });
}
