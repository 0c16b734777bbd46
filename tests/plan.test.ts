import { readFileSync } from "node:fs";
import path from "node:path";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, schema } from "~/db.server";
import { getPlanView, importActionPlan, planExportRows, setOverride } from "~/models/action-plan.server";
import { addWalkIn, createBooking } from "~/models/booking.server";
import { measureTarget, saveTarget, targetSchema } from "~/models/plan-target.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { createSessions, sessionFieldsSchema } from "~/models/session.server";
import { createUser } from "~/models/user.server";
import { MAX_PLAN_ROWS, parseActionPlanCsv } from "~/utils/action-plan-csv.server";
import { toCsv } from "~/utils/csv";

import { testNow } from "./support/clock";
import { openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { ROOT } from "./support/paths";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

/** The partnership's draft plan, as committed for the demo data (a copy of the CSV in the shared papers). */
const FIXTURE = readFileSync(path.join(ROOT, "db", "seed-data", "action-plan-2019-2021-draft.csv"), "utf8");

describe("targets measured live", () => {
  let programmeId: number;
  const target = (over: Partial<typeof schema.actionTargets.$inferSelect> & { programmeIds?: number[] }) => ({
    id: 0,
    actionId: 0,
    label: "t",
    metric: "people_trained" as const,
    targetValue: 10,
    sector: null,
    windowStartsOn: "2026-01-01",
    windowEndsOn: "2026-12-31",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    programmeIds: [programmeId],
    ...over,
  });

  beforeAll(async () => {
    const userId = (await createUser({ email: "plan@test.example", name: "Plan", role: "organiser", password: "organiser password" })).id;
    programmeId = createProgramme({
      data: programmeSchema.parse({
        title: "Hotels",
        summary: "S",
        category: "workshop",
        defaultCapacity: "10",
        defaultDurationMinutes: "60",
      }),
      userId,
    }).id;
    const fields = (date: string) =>
      sessionFieldsSchema.parse({
        date,
        startTime: "10:00",
        endTime: "11:00",
        deliveryMode: "in_person",
        venue: "Hall",
        capacity: "10",
        bookingClosesHours: "0",
      });
    const [a, b] = createSessions({
      programmeId,
      fields: fields("2026-03-03"),
      series: { pattern: "monthly", occurrences: 2 },
      userId,
      now: new Date("2026-01-01"),
    });
    const [late] = createSessions({ programmeId, fields: fields("2027-02-02"), userId, now: new Date("2026-01-01") });
    const walkIn = (sessionId: number, email: string, organisation: string, sector: "hotel" | "business", day: string) =>
      addWalkIn({
        sessionId,
        attendee: { name: email, email, organisation, sector, jobRole: "Manager", department: null, accessNeeds: null },
        userId,
        role: "organiser",
        now: new Date(day),
      });
    walkIn(a!, "one@aurora.example", "Hotel Aurora", "hotel", "2026-03-03T09:00:00Z");
    walkIn(a!, "two@aurora.example", "Hotel Aurora", "hotel", "2026-03-03T09:00:00Z");
    walkIn(b!, "one@aurora.example", "Hotel Aurora", "hotel", "2026-04-03T08:00:00Z");
    walkIn(b!, "three@gresham.example", "The Gresham Rooms", "hotel", "2026-04-03T08:00:00Z");
    walkIn(b!, "four@bank.example", "Northgate Bank", "business", "2026-04-03T08:00:00Z");
    createBooking({
      sessionId: late!,
      attendee: {
        name: "Later",
        email: "later@x.example",
        organisation: "X",
        sector: "business",
        jobRole: "R",
        department: null,
        accessNeeds: null,
      },
      now: new Date("2026-01-01"),
    });
  });

  it("counts people, organisations (of one sector), sessions delivered and places booked in the window", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(measureTarget(target({ metric: "people_trained" }), now).actual).toBe(4);
    expect(measureTarget(target({ metric: "organisations_reached" }), now).actual).toBe(3);
    expect(measureTarget(target({ metric: "organisations_reached", sector: "hotel" }), now).actual).toBe(2);
    expect(measureTarget(target({ metric: "sessions_delivered" }), now).actual).toBe(2);
    expect(measureTarget(target({ metric: "sessions_delivered", windowStartsOn: "2026-04-01" }), now).actual).toBe(1);
    expect(measureTarget(target({ metric: "bookings" }), now).actual).toBe(5);
    expect(measureTarget(target({ metric: "bookings", windowEndsOn: null }), now).actual).toBe(6);
    expect(measureTarget(target({ metric: "people_trained", programmeIds: [] }), now).actual).toBe(4);
  });

  it("takes percentages from the programme's own top answer, with their n", () => {
    const form = db.select().from(schema.forms).where(eq(schema.forms.programmeId, programmeId)).get()!;
    const question = db
      .select()
      .from(schema.questions)
      .where(eq(schema.questions.formId, form.id))
      .all()
      .find((q) => q.metric === "usefulness")!;
    const sessionIds = db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.programmeId, programmeId))
      .all()
      .map((s) => s.id);
    // Two responses for each of the first two sessions (2 and 3 came): all of them count (ADR 009).
    for (const [i, choice] of ["Extremely useful", "Extremely useful", "Very useful", "Extremely useful"].entries()) {
      const sessionId = sessionIds[Math.floor(i / 2)]!;
      const response = db.insert(schema.responses).values({ formId: form.id, sessionId, channel: "anonymous_link" }).returning().get();
      db.insert(schema.answers).values({ responseId: response.id, questionId: question.id, formId: form.id, sessionId, choice }).run();
    }
    expect(measureTarget(target({ metric: "pct_extremely_useful" }))).toEqual({ actual: 75, n: 4, numerator: 3 });
    expect(measureTarget(target({ metric: "pct_recommend" }))).toEqual({ actual: null, n: 0, numerator: 0 });
  });

  it("rates a plan that has ended as it stood at its end date, not against today", async () => {
    const userId = (await createUser({ email: "ended@test.example", name: "Ended", role: "organiser", password: "organiser password" })).id;
    const planId = importActionPlan({
      title: "Ended plan",
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
      rows: parseActionPlanCsv("Priority,Action\nP,A\n").rows,
    });
    const actionId = getPlanView({ planId }).priorities[0]!.actions[0]!.id;
    saveTarget({
      planId,
      actionId,
      input: targetSchema.parse({
        label: "Trained",
        metric: "people_trained",
        targetValue: "2",
        windowStartsOn: "2026-01-01",
        programmeIds: [String(programmeId)],
      }),
      userId,
    });
    // By June, the April session has trained 3 more; the plan ended in March, when 2 had been.
    const view = getPlanView({ planId, now: new Date("2026-06-01T09:00:00Z") });
    expect(view).toMatchObject({ ended: true, today: "2026-03-31" });
    expect(view.priorities[0]!.actions[0]!.targets[0]).toMatchObject({ actual: 2 });
    expect(getPlanView({ planId, now: new Date("2026-03-20T09:00:00Z") })).toMatchObject({ ended: false, today: "2026-03-20" });
  });

  it("keeps an imported plan's RAG column as the officers' status, with where it came from", () => {
    const withRag =
      "Priority,Key action,Deadline,Outcome,Lead,Notes,RAG\n1. Prevent,Train staff,March 2021,,Lead,,Green\n1. Prevent,Review policy,,,,,Delayed\n";
    const parsed = parseActionPlanCsv(withRag);
    const planId = importActionPlan({ title: "RAG plan", startsOn: "2020-01-01", endsOn: "2021-12-31", rows: parsed.rows });
    const actions = db.select().from(schema.planActions).where(eq(schema.planActions.planId, planId)).all();
    expect(actions.map((a) => [a.keyAction, a.deadlineOn, a.ragOverride, a.ragOverrideReason, a.importedRag])).toEqual([
      ["Train staff", "2021-03-31", "green", "From the imported plan (“Green”)", "Green"],
      ["Review policy", null, null, null, "Delayed"],
    ]);
  });
});

describe("reading a council's plan", () => {
  it("recognises the usual names for each column, and lists every column it will not import", () => {
    const parsed = parseActionPlanCsv(
      "Strategic priority,Key Actions,Timescale,Measure of success,Responsibility/Lead,Notes / update,RAG rating (Dec 2020),Budget,Status update,\n" +
        "1. Prevent,Train staff,March 2021,Staff trained,VAWG lead,On track,A,£500,Going well,x\n",
    );
    expect(parsed.missingColumns).toEqual([]);
    expect(parsed.absentColumns).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      priority: "1. Prevent",
      keyAction: "Train staff",
      deadlineOn: "2021-03-31",
      outcome: "Staff trained",
      lead: "VAWG lead",
      notes: "On track",
      rag: "A",
    });
    // "Status update" is not a RAG column because it starts with "status": only a qualifier in brackets or
    // after punctuation is read as the same column.
    expect(parsed.ignoredColumns).toEqual([
      { column: 8, header: "Budget", reason: "not a column the service keeps" },
      { column: 9, header: "Status update", reason: "not a column the service keeps" },
      { column: 10, header: "(column 10, no heading)", reason: "not a column the service keeps" },
    ]);
    const rating = parseActionPlanCsv("Priority,Action,Rating\nP,A,Red\n");
    expect(rating.rows[0]!.rag).toBe("Red");
    // No deadline, outcome, lead or notes column: accepted, and said.
    expect(rating.absentColumns).toEqual(["Deadline", "Outcome", "Lead", "Notes"]);
    expect(parseActionPlanCsv("Priority,Action\nP,A\n").absentColumns).toEqual(["Deadline", "Outcome", "Lead", "Notes", "RAG rating"]);
  });

  it("gives the same plan back when its own export is imported again", async () => {
    const userId = (await createUser({ email: "round@test.example", name: "Round", role: "organiser", password: "organiser password" })).id;
    // The partnership's plan, with notes Excel would read as formulas and an empty one.
    const csv =
      FIXTURE.trim() + "\n4. Support,Run a - workshop,Ongoing,,Lead,- starts with a dash,\n4. Support,=SUM(A1),,,,@mention,Green\n";
    const planId = importActionPlan({
      title: "Round trip",
      startsOn: "2019-09-01",
      endsOn: "2021-09-30",
      rows: parseActionPlanCsv(csv).rows,
    });
    const first = getPlanView({ planId }).priorities[0]!.actions;
    setOverride({ planId, actionId: first[0]!.id, status: "amber", reason: "Delayed due to COVID-19, see note", userId });
    setOverride({ planId, actionId: first[1]!.id, status: "complete", reason: "Accreditation achieved", userId });

    const exported = toCsv(planExportRows(getPlanView({ planId })));
    const again = parseActionPlanCsv(exported.replace(/^\uFEFF/, ""));
    expect(again.absentColumns).toEqual([]);
    expect(again.ignoredColumns.map((c) => c.header)).toEqual(["RAG rating", "RAG computed", "Progress"]);
    const copyId = importActionPlan({ title: "Round trip copy", startsOn: "2019-09-01", endsOn: "2021-09-30", rows: again.rows, userId });

    const shape = (id: number) =>
      getPlanView({ planId: id }).priorities.map((p) => ({
        title: p.title,
        actions: p.actions.map((a) => ({
          keyAction: a.keyAction,
          deadlineText: a.deadlineText,
          deadlineOn: a.deadlineOn,
          ongoing: a.ongoing,
          outcome: a.outcome,
          lead: a.lead,
          notes: a.notes,
          ragOverride: a.ragOverride,
          ragOverrideReason: a.ragOverrideReason,
          computed: a.computed,
        })),
      }));
    expect(shape(copyId)).toEqual(shape(planId));
    expect(toCsv(planExportRows(getPlanView({ planId: copyId })))).toBe(exported);
    // The notes stay the notes: nothing about the status is added to them.
    const notes = shape(copyId).flatMap((p) => p.actions.map((a) => a.notes));
    expect(notes).toContain("- starts with a dash");
    expect(notes).toContain("@mention");
    expect(notes.some((n) => n.includes("Delayed due to COVID-19"))).toBe(false);
  });
});

describe("the action plan pages", () => {
  let server: RunningServer;
  let organiser: Client;
  beforeAll(async () => {
    server = await startServer();
    organiser = new Client(server.url);
    const account = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    await organiser.signIn(account.email, account.password);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const plans = () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const n = (sqlite.prepare("select count(*) as n from action_plans").get() as { n: number }).n;
    sqlite.close();
    return n;
  };

  it("previews an imported plan with every row accounted for, writes nothing until confirmed, then imports it", async () => {
    const before = plans();
    const bad = await organiser.post("/admin/plans/import", {
      intent: "preview",
      title: "",
      startsOn: "2019-09-01",
      endsOn: "2019-08-01",
      csv: "nonsense,columns\n1,2\n",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter the plan&#x27;s title");
    expect(badHtml).toContain("The end must be on or after the start");
    expect(badHtml).toContain("The spreadsheet needs columns called Priority and Key action");

    // Columns it does not know, or cannot find, are listed before anything is imported.
    const unknown = decodeHtml(
      await (
        await organiser.post("/admin/plans/import", {
          intent: "preview",
          title: "Columns",
          startsOn: "2019-09-01",
          endsOn: "2021-09-30",
          csv: "Priority,Key action,Budget\nP,A,£1\n",
        })
      ).text(),
    );
    expect(unknown).toContain("The file has no Deadline, Outcome, Lead, Notes or RAG rating columns: every action will have them empty.");
    expect(unknown).toContain("“Budget” (column 3): not a column the service keeps");

    const csv = `${FIXTURE.trim()}\n,,,,,,\n3. Perpetrators are held to account,,,,,,\n`;
    const preview = await organiser.post("/admin/plans/import", {
      intent: "preview",
      title: "Imported plan",
      startsOn: "2019-09-01",
      endsOn: "2021-09-30",
      csv,
    });
    expect(preview.status).toBe(200);
    const html = (await preview.text()).replace(/<!-- -->/g, "");
    const dataLines = FIXTURE.trim().split(/\r?\n/).length - 1;
    expect(html).toContain(`${dataLines} actions under 3 priorities will be imported. 2 rows will be left out.`);
    expect(html).toContain(`Line ${dataLines + 2}: The row is empty`);
    expect(html).toContain(`Line ${dataLines + 3}: The row has no key action`);
    expect(html).toContain("25 th November 2019");
    expect(html).toContain("Monday 25 November 2019");
    expect(plans()).toBe(before);

    const done = await organiser.post("/admin/plans/import", {
      intent: "import",
      title: "Imported plan",
      startsOn: "2019-09-01",
      endsOn: "2021-09-30",
      csv,
    });
    expect(done.status).toBe(303);
    expect(plans()).toBe(before + 1);
    const page = await (await organiser.get(done.headers.get("location")!)).text();
    expect(page.split('data-testid="plan-action"').length - 1).toBe(dataLines);
  });

  it("shows a computed RAG for every action with a target, and exports the committee table", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const planId = (sqlite.prepare("select id from action_plans order by id limit 1").get() as { id: number }).id;
    const withTargets = (
      sqlite
        .prepare(
          "select count(distinct action_id) as n from action_targets t join plan_actions a on a.id = t.action_id where a.plan_id = ?",
        )
        .get(planId) as { n: number }
    ).n;
    sqlite.close();
    const html = await (await organiser.get(`/admin/plans/${planId}`)).text();
    const rows = html.split('data-testid="plan-action"').slice(1);
    const measured = rows.filter((r) => /data-testid="plan-target"/.test(r));
    expect(measured).toHaveLength(withTargets);
    for (const row of measured)
      expect(row).toMatch(
        /data-testid="rag-computed" data-rag="(complete|green|amber|red|blue)"|data-rag="(complete|green|amber|red|blue)"[^>]*data-testid="rag-computed"/,
      );
    expect(html).toContain("How the RAG status is worked out");

    const bytes = new Uint8Array(await (await organiser.get(`/admin/plans/${planId}/export.csv`)).arrayBuffer());
    // The byte-order mark is what makes Excel read the file as UTF-8; fetch's text() would hide it.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFPriority,Key Actions,Deadline,Outcome,Responsibility/Lead,Notes,RAG rating,RAG set by hand,Why the RAG was set by hand,RAG computed,Progress",
    );
  });

  it("prints the plan across the page with each RAG cell filled in its colour, a key, and the date it is rated at", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const planId = (sqlite.prepare("select id from action_plans order by id limit 1").get() as { id: number }).id;
    sqlite.close();
    const html = decodeHtml(await (await organiser.get(`/admin/plans/${planId}/print`)).text());
    expect(html).toContain('class="app-paper app-landscape"');
    const key = html.split('data-testid="rag-key"')[1]!.split("</table>")[0]!;
    for (const words of [
      "Complete</strong>: Done",
      "Green</strong>: On track",
      "Amber</strong>:",
      "Red</strong>:",
      "Blue</strong>: Ongoing work, not due by a date",
    ])
      expect(key).toContain(words);
    expect(html).toMatch(/class="govuk-table__cell app-rag-cell app-rag-cell--(complete|green|amber|red|blue)"/);
    expect(html).toMatch(/RAG status as of \w+ \d+ \w+ \d{4}\./);
  });

  it("lets an officer set a status by hand, with a reason, and shows both", async () => {
    const { sqlite } = openServerDatabase(server.databasePath);
    const { plan_id: planId, action_id: actionId } = sqlite
      .prepare("select a.plan_id, t.action_id from action_targets t join plan_actions a on a.id = t.action_id order by t.id limit 1")
      .get() as { plan_id: number; action_id: number };
    sqlite.close();
    const missing = await organiser.post(`/admin/plans/${planId}/actions/${actionId}`, { ragOverride: "amber", ragOverrideReason: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Give the reason for setting the status by hand");
    expect(
      (
        await organiser.post(`/admin/plans/${planId}/actions/${actionId}`, {
          ragOverride: "amber",
          ragOverrideReason: "Delayed due to COVID-19",
        })
      ).status,
    ).toBe(303);
    const html = (await (await organiser.get(`/admin/plans/${planId}`)).text()).replace(/<!-- -->/g, "");
    const row = html.split('data-testid="plan-action"').find((r) => r.includes(`data-action-id="${actionId}"`))!;
    expect(row).toContain("Set by hand: Delayed due to COVID-19");
    expect(row).toContain('data-rag="amber" data-testid="rag-shown"');
    expect(row).toContain('data-testid="rag-computed"');
  });
});

describe("plans at their size limit", () => {
  const csv = (rows: number) =>
    [
      "Priority,Key action,Deadline",
      ...Array.from({ length: rows }, (_, i) => `Priority ${(i % 7) + 1},Action number ${i + 1},Ongoing`),
    ].join("\n");

  it("refuses a file with more rows than a plan can hold, without reading it all", () => {
    const parsed = parseActionPlanCsv(csv(100_000));
    expect(parsed.rows).toEqual([]);
    expect(parsed.unreadable).toContain(`more than ${MAX_PLAN_ROWS.toLocaleString("en-GB")} rows`);
  });

  it("imports and shows a plan of the largest size allowed", () => {
    const parsed = parseActionPlanCsv(csv(MAX_PLAN_ROWS));
    expect(parsed.unreadable).toBeUndefined();
    expect(parsed.rows).toHaveLength(MAX_PLAN_ROWS);
    const planId = importActionPlan({ title: "The largest plan", startsOn: "2026-04-01", endsOn: "2027-03-31", rows: parsed.rows });
    const view = getPlanView({ planId, now: testNow() });
    expect(view.priorities.flatMap((p) => p.actions)).toHaveLength(MAX_PLAN_ROWS);
  });
});
