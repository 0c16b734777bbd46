import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3911";
const [fb, mgr, prog, sess] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const [w, h, tag] of [[1280, 900, "desktop"], [390, 844, "phone"]] as const) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  for (const [name, url] of [["follow-up", `/follow-up/${fb}`], ["manager", `/follow-up/manager/${mgr}`], ["booking", `/events/${sess}`]]) {
    await page.goto(base + url);
    await page.screenshot({ path: `/tmp/probe/${name}-${tag}.png`, fullPage: true });
  }
  await page.goto(base + "/sign-in");
  await page.getByLabel("Email address").fill("organiser@safercity.example");
  await page.getByLabel("Password").fill("organiser-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/admin/);
  await page.goto(`${base}/admin/reports/programmes/${prog}`);
  await page.getByTestId("levels").screenshot({ path: `/tmp/probe/levels-${tag}.png` });
  await page.goto(`${base}/admin/reports/programmes/${prog}/paper`);
  await page.getByTestId("paper-levels").screenshot({ path: `/tmp/probe/paper-${tag}.png` });
  await page.goto(`${base}/admin/programmes/${prog}`);
  await page.screenshot({ path: `/tmp/probe/programme-${tag}.png`, fullPage: true });
  await page.goto(`${base}/admin/forms`);
  await page.screenshot({ path: `/tmp/probe/forms-${tag}.png`, fullPage: true });
  await ctx.close();
}
await browser.close();
