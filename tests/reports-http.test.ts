/**
 * The report pages over HTTP against the demo data, with every expected figure worked out independently
 * from the raw tables (bookings and answers, not the attendance facts or the report code).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { testNow } from "./support/clock";
import { insertEndedSession, insertProgramme, openServerDatabase } from "./support/fixtures";
import { decodeHtml as decode } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS, DEMO_REQUIREMENT_TITLE } from "../db/seed-data/demo";

/** Rows of a table marked with data-testid: the row header and the numeric cells. */
function tableRows(html: string, testId: string): Array<[string, number[]]> {
  const table = decode(html).split(`data-testid="${testId}"`)[1]!.split("</table>")[0]!;
  return [...table.matchAll(/<tr class="govuk-table__row">(.*?)<\/tr>/g)]
    .map((m) => m[1]!)
    .filter((row) => row.includes('scope="row"'))
    .map((row) => {
      const label = row.match(/<th scope="row"[^>]*>(.*?)<\/th>/)![1]!.replace(/<[^>]+>/g, "");
      const numbers = [...row.matchAll(/<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)/g)].map((m) => Number(m[1]));
      return [label, numbers];
    });
}

async function bytes(response: Response) {
  const all = new Uint8Array(await response.arrayBuffer());
  return { bom: [...all.slice(0, 3)], text: new TextDecoder("utf-8", { ignoreBOM: false }).decode(all) };
}

describe("report pages with the demo data", () => {
  let server: RunningServer;
  const as: Record<string, Client> = {};
  beforeAll(async () => {
    server = await startServer();
    for (const role of ["organiser", "reporter", "facilitator"] as const) {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      as[role] = new Client(server.url);
      expect((await as[role].signIn(account.email, account.password)).status).toBeLessThan(400);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  const query = <T>(sql: string, ...params: unknown[]) => {
    const { sqlite } = openServerDatabase(server.databasePath);
    try {
      return sqlite.prepare(sql).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  };

  it("shows an L&D lead how many staff were trained, by department, counting people once", async () => {
    const html = await (await as.reporter!.get("/admin/training?by=department&range=all")).text();
    // Someone on the staff list counts under the list's department (ADR 018); anyone else under what they typed.
    const departmentOf = `coalesce(nullif(trim(m.department), ''), nullif(trim(b.department), ''))`;
    const attended = `from bookings b join sessions s on s.id = b.session_id
      left join staff_members m on m.email = b.email_normalised and m.left_at is null
      where b.status = 'confirmed' and b.attendance = 'attended' and s.status = 'scheduled'`;
    const expected = query<{ department: string; people: number; attendances: number }>(`
      select lower(${departmentOf}) as department, count(distinct b.email_normalised) as people, count(*) as attendances
      ${attended} and ${departmentOf} is not null
      group by lower(${departmentOf})
      union all
      select case when b.sector = 'council_department' then 'council staff: department not given' else 'other organisations (no council department)' end,
        count(distinct b.email_normalised), count(*)
      ${attended} and ${departmentOf} is null group by 1`);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.map((r) => r.department)).toContain("other organisations (no council department)");
    const shown = new Map(tableRows(html, "training-table").map(([label, n]) => [label.toLowerCase(), n]));
    for (const row of expected) expect(shown.get(row.department), row.department).toEqual([row.people, row.attendances]);
    const total = query<{ people: number }>(`
      select count(distinct b.email_normalised) as people from bookings b join sessions s on s.id = b.session_id
      where b.status = 'confirmed' and b.attendance = 'attended' and s.status = 'scheduled'`)[0]!.people;
    expect(decode(html)).toContain(`data-testid="unique-people">${total}<`);

    const csv = await bytes(await as.reporter!.get("/admin/training/export.csv?by=department&range=all"));
    expect(csv.bom).toEqual([0xef, 0xbb, 0xbf]);
    for (const row of expected) expect(csv.text.toLowerCase()).toContain(`${row.people},${row.attendances}`);
  });

  it("opens the Behind Closed Doors evaluation with the figures the answers give, and its committee paper", async () => {
    const [bcd] = query<{ id: number }>("select id from programmes where slug = 'behind-closed-doors'");
    const [useful] = query<{ top: number; n: number }>(
      `select sum(a.choice = 'Extremely useful') as top, count(*) as n from answers a
       join questions q on q.id = a.question_id join sessions s on s.id = a.session_id
       where q.metric = 'usefulness' and s.programme_id = ? and s.status = 'scheduled' and s.ends_at <= ?`,
      bcd!.id,
      testNow().getTime(),
    );
    const exact = Math.floor((200 * useful!.top + useful!.n) / (2 * useful!.n));
    // The context paper's own finding: over 85% found it extremely useful.
    expect(exact).toBeGreaterThan(85);
    const page = decode(await (await as.organiser!.get(`/admin/reports/programmes/${bcd!.id}`)).text());
    expect(page).toContain(`${exact}%`);
    expect(page).toContain(`${useful!.top} of ${useful!.n}`);
    expect(page).toMatch(/<svg[^>]*class="recharts-surface"/);

    const paper = decode(await (await as.organiser!.get(`/admin/reports/programmes/${bcd!.id}/paper`)).text());
    expect(paper).toContain("Behind Closed Doors: an evaluation of feedback");
    expect(paper).toContain(`${exact}% (${useful!.top} of ${useful!.n}) of feedback said it was extremely useful`);
  });

  it("says in the committee paper and on the report how many people came, and how many attendances when someone came twice", async () => {
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Paper people programme" }).id;
    const first = insertEndedSession(db, { programmeId, attended: 3, endedHoursAgo: 48 });
    const second = insertEndedSession(db, { programmeId, attended: 1, endedHoursAgo: 24 });
    sqlite
      .prepare("update bookings set email = ?, email_normalised = ? where id = ?")
      .run(first.bookings[0]!.email, first.bookings[0]!.emailNormalised, second.bookings[0]!.id);
    sqlite.close();
    const paper = decode(await (await as.organiser!.get(`/admin/reports/programmes/${programmeId}/paper`)).text());
    expect(paper).toMatch(/3 people from \d+ organisations? attended 2 sessions \(4 attendances in all\)/);
    const page = decode(await (await as.organiser!.get(`/admin/reports/programmes/${programmeId}`)).text());
    expect(page).toContain("4 attendances: some came to more than one session");
  });

  it("prints the committee paper as a paper: its date, page numbers, a table of headline figures and people's own words", async () => {
    const [bcd] = query<{ id: number }>("select id from programmes where slug = 'behind-closed-doors'");
    const response = await as.organiser!.get(`/admin/reports/programmes/${bcd!.id}/paper`);
    const html = await response.text();
    const paper = decode(html);
    // The UK date of the run's clock, as GOV.UK writes dates ("Wednesday 2 December 2026").
    const produced = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
    })
      .format(testNow())
      .replace(",", "");
    expect(paper).toContain(`Produced on ${produced}.`);
    const table = paper.split('data-testid="paper-headline"')[1]!.split("</table>")[0]!;
    const [counts] = query<{ people: number; sessions: number }>(
      `select count(distinct b.email_normalised) as people, count(distinct s.id) as sessions from bookings b join sessions s on s.id = b.session_id
       where s.programme_id = ? and b.status = 'confirmed' and b.attendance = 'attended' and s.status = 'scheduled' and s.ends_at <= ?`,
      bcd!.id,
      testNow().getTime(),
    );
    expect(table).toMatch(new RegExp(`Sessions delivered</th><td[^>]*>${counts!.sessions}<`));
    expect(table).toMatch(new RegExp(`People who attended</th><td[^>]*>${counts!.people}<`));
    expect(table).toContain("Would recommend it");
    // "What will you do differently?": a selection of the answers as written.
    const [differently] = query<{ text: string }>(
      `select a.text from answers a join questions q on q.id = a.question_id join sessions s on s.id = a.session_id
       where s.programme_id = ? and q.prompt = 'What will you do differently as a result of this session?' and a.text is not null
       order by a.id desc limit 1`,
      bcd!.id,
    );
    expect(paper).toContain("What will you do differently as a result of this session?</h2>");
    expect(paper).toContain(differently!.text);
    // Page numbers and A4 come from the stylesheet's print rules, which the browser's Print applies.
    const css = await (await as.organiser!.get(/href="(\/build\/_assets\/app-[^"]+\.css)"/.exec(html)![1]!)).text();
    expect(css).toMatch(/@page\s*\{[^}]*size:\s*A4[^@]*@bottom-right\s*\{[^}]*counter\(page\)[^}]*counter\(pages\)/);
    expect(css).toMatch(/@page landscape\s*\{\s*size:\s*A4 landscape/);
  });

  it("says a report whose end date is before its start has no figures, rather than showing zeros", async () => {
    const [bcd] = query<{ id: number }>("select id from programmes where slug = 'behind-closed-doors'");
    const base = `/admin/reports/programmes/${bcd!.id}`;
    const page = decode(await (await as.organiser!.get(`${base}?from=2026-06-01&to=2026-01-01`)).text());
    expect(page).toContain("No figures: the end date is before the start date.");
    expect(page).toContain("The end date must be on or after the start date");
    expect(page).not.toContain("Headline figures");
    for (const path of ["paper", "figures.csv", "responses.csv"]) {
      const refused = await as.organiser!.get(`${base}/${path}?from=2026-06-01&to=2026-01-01`);
      expect(refused.status, path).toBe(400);
    }
  });

  it("exports figures and anonymised responses without names, emails or organisations, with formulas neutralised", async () => {
    const [bcd] = query<{ id: number }>("select id from programmes where slug = 'behind-closed-doors'");
    // Someone typed a formula as their feedback: it must reach the spreadsheet as text.
    const { sqlite } = openServerDatabase(server.databasePath);
    const target = sqlite
      .prepare(
        `select r.id as response_id, q.id as question_id, r.form_id, r.session_id from responses r join questions q on q.form_id = r.form_id
         join sessions s on s.id = r.session_id where s.programme_id = ? and q.type = 'long_text' and s.ends_at <= ? limit 1`,
      )
      .get(bcd!.id, testNow().getTime()) as { response_id: number; question_id: number; form_id: number; session_id: number };
    sqlite.prepare("delete from answers where response_id = ? and question_id = ?").run(target.response_id, target.question_id);
    sqlite
      .prepare("insert into answers (response_id, question_id, form_id, session_id, text) values (?, ?, ?, ?, ?)")
      .run(target.response_id, target.question_id, target.form_id, target.session_id, '=HYPERLINK("http://evil.example","Click")');
    sqlite.close();

    const people = query<{ name: string; email: string; organisation: string }>(
      "select b.name, b.email, b.organisation_name as organisation from bookings b join sessions s on s.id = b.session_id where s.programme_id = ?",
      bcd!.id,
    );
    expect(people.length).toBeGreaterThan(10);
    for (const file of ["figures.csv", "responses.csv"]) {
      const response = await as.organiser!.get(`/admin/reports/programmes/${bcd!.id}/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      const { bom, text } = await bytes(response);
      expect(bom).toEqual([0xef, 0xbb, 0xbf]);
      for (const p of people) {
        expect(text).not.toContain(p.email);
        expect(text).not.toContain(p.name);
      }
      if (file === "responses.csv") {
        expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
        expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
      }
    }
  });

  it("shows compulsory training coverage, listing only the people who still need it", async () => {
    const [requirement] = query<{ id: number }>("select id from training_requirements where title = ?", DEMO_REQUIREMENT_TITLE);
    const staff = query<{ email: string; department: string; trained: number }>(`
      select sm.email, sm.department, exists(
        select 1 from bookings b join sessions s on s.id = b.session_id join training_requirement_programmes rp on rp.programme_id = s.programme_id
        where rp.requirement_id = ${requirement!.id} and b.email_normalised = sm.email and b.status = 'confirmed' and b.attendance = 'attended' and s.status = 'scheduled'
      ) as trained from staff_members sm where sm.left_at is null`);
    const trained = staff.filter((s) => s.trained);
    const untrained = staff.filter((s) => !s.trained);
    expect(trained.length).toBeGreaterThan(0);
    expect(untrained.length).toBeGreaterThan(0);

    const html = decode(await (await as.reporter!.get(`/admin/training/compulsory/${requirement!.id}`)).text());
    const byDepartment = new Map(tableRows(html, "coverage-by-department").map(([label, n]) => [label, n]));
    for (const department of new Set(staff.map((s) => s.department))) {
      const mine = staff.filter((s) => s.department === department);
      expect(byDepartment.get(department)?.slice(0, 2), department).toEqual([mine.length, mine.filter((s) => s.trained).length]);
    }
    for (const s of untrained) expect(html).toContain(s.email);
    // Trained people's details are not needed on this page, so they are not sent to the browser at all.
    for (const s of trained) expect(html).not.toContain(s.email);

    const department = untrained[0]!.department;
    const filtered = decode(
      await (await as.reporter!.get(`/admin/training/compulsory/${requirement!.id}?department=${encodeURIComponent(department)}`)).text(),
    );
    for (const s of untrained) (s.department === department ? expect(filtered) : expect(filtered).not).toContain(s.email);

    const csv = await bytes(await as.reporter!.get(`/admin/training/compulsory/${requirement!.id}/export.csv`));
    expect(csv.bom).toEqual([0xef, 0xbb, 0xbf]);
    for (const s of staff) expect(csv.text).toContain(s.email);
  });

  it("refuses report pages and exports to anonymous visitors and facilitators, and narrative edits to reporters", async () => {
    const [bcd] = query<{ id: number }>("select id from programmes where slug = 'behind-closed-doors'");
    const anonymous = new Client(server.url);
    for (const path of [
      `/admin/reports/programmes/${bcd!.id}`,
      `/admin/reports/programmes/${bcd!.id}/responses.csv`,
      "/admin/training/export.csv",
    ]) {
      const visitor = await anonymous.get(path);
      expect(visitor.status, path).toBe(302);
      expect(visitor.headers.get("location")).toMatch(/^\/sign-in/);
      expect((await as.facilitator!.get(path)).status, path).toBe(403);
    }
    const edit = await as.reporter!.post(`/admin/reports/programmes/${bcd!.id}/narrative`, {
      summary: "Changed by a reporter",
      nextSteps: "",
    });
    expect(edit.status).toBe(403);
  });
});
