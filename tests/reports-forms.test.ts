/**
 * Bad input on the reporting forms (plan import, targets, status overrides, compulsory training, staff list,
 * report narrative), through the real server as a browser without JavaScript would send it: each answer is
 * a 400 with the GOV.UK error summary, the message by its field, what was typed kept, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openServerDatabase } from "./support/fixtures";
import { decodeHtml as decode } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

/** The GOV.UK pattern: the summary links to the field, and the same message sits by the field. */
function expectFieldError(html: string, field: string, message: string | RegExp) {
  const page = decode(html);
  const summary = page.split('class="govuk-error-summary"')[1]?.split("</ul>")[0] ?? "";
  const link = summary.match(new RegExp(`<a href="#f-${field}">(.*?)</a>`))?.[1];
  expect(link, `summary link for ${field}`).toBeDefined();
  const byField = page.match(
    new RegExp(`<p id="f-${field}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> (.*?)</p>`),
  )?.[1];
  expect(byField, `message by ${field}`).toBe(link);
  if (typeof message === "string") expect(byField).toContain(message);
  else expect(byField).toMatch(message);
}

/** The values of the ticked radios or checkboxes called `name`. */
const checked = (html: string, name: string) =>
  [...html.matchAll(/<input [^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(`name="${name}"`) && tag.includes('checked=""'))
    .map((tag) => tag.match(/value="([^"]*)"/)?.[1]);

describe("bad input on the reporting forms", () => {
  let server: RunningServer;
  let organiser: Client;
  const ids = { planId: 0, actionId: 0, programmeId: 0, requirementId: 0 };

  const query = <T>(sql: string, ...params: unknown[]) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    try {
      return sqlite.prepare(sql).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  };
  const count = (table: string) => query<{ n: number }>(`select count(*) as n from ${table}`)[0]!.n;

  beforeAll(async () => {
    server = await startServer();
    const account = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    organiser = new Client(server.url);
    expect((await organiser.signIn(account.email, account.password)).status).toBeLessThan(400);
    const action = query<{ plan_id: number; id: number }>("select plan_id, id from plan_actions order by id limit 1")[0]!;
    ids.planId = action.plan_id;
    ids.actionId = action.id;
    ids.programmeId = query<{ id: number }>("select id from programmes order by id limit 1")[0]!.id;
    ids.requirementId = query<{ id: number }>("select id from training_requirements order by id limit 1")[0]!.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses an action plan import with nothing filled in, or a file that is not CSV, and imports nothing", async () => {
    const plans = count("action_plans");
    const empty = await organiser.post("/admin/plans/import", { intent: "preview", title: "", startsOn: "", endsOn: "", csv: "" });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expectFieldError(emptyHtml, "title", "Enter the plan's title");
    expectFieldError(emptyHtml, "startsOn", "Enter when the plan starts");
    expectFieldError(emptyHtml, "endsOn", "Enter when the plan ends");
    expectFieldError(emptyHtml, "file", "Choose the plan's CSV file, or paste it");

    const broken = 'Priority,Key Action,Deadline\nPrevention,"Deliver training to 50 professionals,March 2020\n';
    const bad = await organiser.post("/admin/plans/import", {
      intent: "import",
      title: "Plan 2027",
      startsOn: "2027-04-01",
      endsOn: "2026-03-31",
      csv: broken,
    });
    expect(bad.status).toBe(400);
    const badHtml = decode(await bad.text());
    expectFieldError(badHtml, "endsOn", "The end must be on or after the start");
    expectFieldError(badHtml, "file", /could not be read near line \d+: a quoted cell is never closed/);
    expect(badHtml).toContain('value="Plan 2027"');
    expect(badHtml).toContain("Deliver training to 50 professionals,March 2020");
    expect(count("action_plans")).toBe(plans);
  });

  it("refuses a target with a missing description, a number that is not one, dates the wrong way round or a programme that does not exist", async () => {
    const targets = count("action_targets");
    const path = `/admin/plans/${ids.planId}/actions/${ids.actionId}/targets/new`;
    const response = await organiser.post(path, {
      label: "",
      metric: "people_trained",
      targetValue: "fifty",
      windowStartsOn: "2027-04-01",
      windowEndsOn: "2027-03-01",
      programmeIds: [String(ids.programmeId), "987654"],
    });
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expectFieldError(html, "label", "Describe the target");
    expectFieldError(html, "targetValue", "The target must be a whole number");
    expectFieldError(html, "programmeIds", "Select programmes from the list");
    expect(html).toContain('value="fifty"');
    // Kept, in the date's three boxes.
    expect(html).toMatch(/name="windowEndsOn-day"[^>]*value="1"/);
    expect(html).toMatch(/name="windowEndsOn-month"[^>]*value="3"/);
    expect(html).toMatch(/name="windowEndsOn-year"[^>]*value="2027"/);
    expect(checked(html, "metric")).toEqual(["people_trained"]);
    expect(checked(html, "programmeIds")).toEqual([String(ids.programmeId)]);

    const percent = decode(
      await (
        await organiser.post(path, {
          label: "85% extremely useful",
          metric: "pct_extremely_useful",
          targetValue: "185",
          windowStartsOn: "2027-04-01",
          windowEndsOn: "2027-03-01",
        })
      ).text(),
    );
    expectFieldError(percent, "targetValue", "A percentage target must be 100 or less");
    expectFieldError(percent, "windowEndsOn", "The end date must be on or after the start date");
    expect(percent).toContain('value="85% extremely useful"');
    expect(count("action_targets")).toBe(targets);
  });

  it("will not set a status by hand without a reason, and keeps the status chosen", async () => {
    const before = query<{ rag_override: string | null }>("select rag_override from plan_actions where id = ?", ids.actionId)[0]!;
    const response = await organiser.post(`/admin/plans/${ids.planId}/actions/${ids.actionId}`, {
      ragOverride: "amber",
      ragOverrideReason: "   ",
    });
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expectFieldError(html, "ragOverrideReason", "Give the reason for setting the status by hand");
    expect(checked(html, "ragOverride")).toEqual(["amber"]);
    expect(query<{ rag_override: string | null }>("select rag_override from plan_actions where id = ?", ids.actionId)[0]).toEqual(before);
  });

  it("refuses a compulsory-training requirement with no programme, a refresher that is not a number, or a programme that does not exist", async () => {
    const requirements = count("training_requirements");
    const response = await organiser.post("/admin/training/compulsory/new", {
      title: "Safeguarding for licensing officers",
      department: "",
      refresherMonths: "two years",
    });
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expectFieldError(html, "programmeIds", "Select at least one programme that counts");
    expectFieldError(html, "refresherMonths", "Enter the number of months as a whole number");
    expect(html).toContain('value="Safeguarding for licensing officers"');
    expect(html).toContain('value="two years"');

    const tampered = await organiser.post(`/admin/training/compulsory/${ids.requirementId}/edit`, {
      title: "Changed",
      refresherMonths: "24",
      programmeIds: ["987654"],
    });
    expect(tampered.status).toBe(400);
    expectFieldError(await tampered.text(), "programmeIds", "Select programmes from the list");
    expect(count("training_requirements")).toBe(requirements);
    expect(query<{ title: string }>("select title from training_requirements where id = ?", ids.requirementId)[0]!.title).not.toBe(
      "Changed",
    );
  });

  it("never empties the staff list from a file with nobody usable on it, and keeps what was pasted", async () => {
    const active = () => query<{ n: number }>("select count(*) as n from staff_members where left_at is null")[0]!.n;
    const staff = active();
    expect(staff).toBeGreaterThan(0);

    const headerOnly = await organiser.post("/admin/training/compulsory/staff", { pasted: "name,email,department,role\n" });
    expect(headerOnly.status).toBe(400);
    expectFieldError(await headerOnly.text(), "file", "The list has nobody on it, so nothing was changed");

    const unusable = "name,email,department\nAda Ash,not-an-email,Housing\n,bo@council.example,Housing\n";
    const refused = await organiser.post("/admin/training/compulsory/staff", { pasted: unusable });
    expect(refused.status).toBe(400);
    const html = decode(await refused.text());
    expectFieldError(html, "file", "None of the 2 rows could be used, so nothing was changed");
    expect(html).toContain("Line 2: “not-an-email” is not an email address");
    expect(html).toContain("Line 3: No name");
    expect(html).toContain("Ada Ash,not-an-email,Housing");

    // The same through a file upload, as the form sends it.
    const form = new FormData();
    form.append("file", new Blob(['name,email,department\n"Cy Cole,cy@council.example,Housing\n'], { type: "text/csv" }), "staff.csv");
    form.append("pasted", "");
    const upload = await organiser.postMultipart("/admin/training/compulsory/staff", form);
    expect(upload.status).toBe(400);
    expectFieldError(await upload.text(), "file", /could not be read near line \d+: a quoted cell is never closed/);

    const missing = await organiser.post("/admin/training/compulsory/staff", { pasted: "who,where\nAda,Housing\n" });
    expect(missing.status).toBe(400);
    expectFieldError(await missing.text(), "file", "The list needs columns called name, email, department");
    expect(active()).toBe(staff);
  });

  it("shows what a staff list would change, including who would be marked as having left, and changes it only when confirmed", async () => {
    const listed = query<{ name: string; email: string; department: string; job_role: string }>(
      "select name, email, department, job_role from staff_members where left_at is null order by id",
    );
    expect(listed.length).toBeGreaterThan(3);
    // HR's new list: everyone but the first two, one of them in a new department, and a new starter.
    const [gone1, gone2, moved, ...rest] = listed;
    const csv = [
      "name,email,department,role",
      `${moved!.name},${moved!.email},Resident Services,${moved!.job_role}`,
      ...rest.map((p) => `${p.name},${p.email},${p.department},${p.job_role}`),
      "Nia Newcombe,nia.newcombe@council.example,Housing Estates,Caretaker",
    ].join("\n");

    const preview = await organiser.post("/admin/training/compulsory/staff", { pasted: csv });
    expect(preview.status).toBe(200);
    const html = decode(await preview.text());
    const summary = html.split('data-testid="upload-preview"')[1]!.split("</dl>")[0]!;
    const figure = (label: string) => Number(summary.split(`>${label}</dt>`)[1]!.match(/>(\d+) (?:person|people)/)![1]);
    expect([figure("Add"), figure("Update"), figure("Mark as having left"), figure("Leave unchanged")]).toEqual([1, 1, 2, rest.length]);
    const leaving = html.split('data-testid="leaving"')[1]!.split("</ul>")[0]!;
    for (const person of [gone1!, gone2!]) expect(leaving).toContain(`${person.name} (${person.department})`);
    // Nothing has changed yet.
    expect(query("select name, email, department, job_role from staff_members where left_at is null order by id")).toEqual(listed);

    const hidden = html.match(/<input type="hidden" name="pasted" value="([^"]*)"/)![1]!;
    const confirmed = await organiser.post("/admin/training/compulsory/staff", { pasted: hidden, intent: "confirm" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/admin/training/compulsory");
    expect(decode(await (await organiser.get("/admin/training/compulsory")).text())).toContain(
      "Staff list updated: 1 person added, 1 person updated, 0 people back on the list, 2 people marked as having left.",
    );
    const after = query<{ email: string; department: string }>("select email, department from staff_members where left_at is null");
    expect(after.map((p) => p.email).sort()).toEqual([moved!.email, ...rest.map((p) => p.email), "nia.newcombe@council.example"].sort());
    expect(after.find((p) => p.email === moved!.email)!.department).toBe("Resident Services");
  });

  it("keeps an over-long report summary and says how long it may be", async () => {
    const before = count("evaluation_narratives");
    const long = "The event was extremely useful. ".repeat(200);
    const response = await organiser.post(`/admin/reports/programmes/${ids.programmeId}/narrative`, {
      summary: long,
      nextSteps: "Run it again in spring.",
    });
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expectFieldError(html, "summary", "Summary must be 5,000 characters or fewer");
    expect(html).toContain(long.trim());
    expect(html).toContain("Run it again in spring.");
    expect(count("evaluation_narratives")).toBe(before);
  });
});
