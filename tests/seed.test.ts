import { readFileSync } from "node:fs";
import path from "node:path";

import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, schema, sqlite } from "~/db.server";
import { seedDemoData } from "~/models/demo-data.server";
import { verifySignIn } from "~/models/user.server";
import { parseActionPlanCsv } from "~/utils/action-plan-csv.server";

import { DEMO_ACCOUNTS, DEMO_PLAN_TITLE } from "../db/seed-data/demo";

const NOW = new Date("2026-11-22T12:00:00Z");

function tableCounts() {
  const tables = sqlite()
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [name, (sqlite().prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
  );
}

describe("demo data", () => {
  let first: Awaited<ReturnType<typeof seedDemoData>>;
  beforeAll(async () => {
    first = await seedDemoData({ now: NOW });
  });

  it("adds nothing the second time it runs", async () => {
    const before = tableCounts();
    const second = await seedDemoData({ now: new Date(NOW.getTime() + 3 * 24 * 3600_000) });
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    expect(tableCounts()).toEqual(before);
    expect(first.programmes).toBe(6);
  });

  it("has one account per role, each able to sign in with the README's password", async () => {
    const roles = new Set<string>();
    for (const account of DEMO_ACCOUNTS) {
      const result = await verifySignIn({ email: account.email, password: account.password, ipAddress: "127.0.0.1" });
      expect(result.ok).toBe(true);
      if (result.ok) roles.add(result.user.role);
    }
    expect([...roles].sort()).toEqual(["admin", "facilitator", "organiser", "reporter"]);
    const readme = readFileSync(path.resolve("README.md"), "utf8");
    for (const account of DEMO_ACCOUNTS) {
      expect(readme).toContain(account.email);
      expect(readme).toContain(account.password);
    }
  });

  it("mirrors Behind Closed Doors: over 85% extremely useful and 100% would recommend", () => {
    const rows = db
      .select({ metric: schema.questions.metric, choice: schema.answers.choice, n: count() })
      .from(schema.answers)
      .innerJoin(schema.questions, eq(schema.questions.id, schema.answers.questionId))
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.answers.sessionId))
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
      .where(and(eq(schema.programmes.slug, "behind-closed-doors"), sql`${schema.questions.metric} in ('usefulness', 'recommend')`))
      .groupBy(schema.questions.metric, schema.answers.choice)
      .all();
    const get = (metric: string, choice: string) => rows.find((r) => r.metric === metric && r.choice === choice)?.n ?? 0;
    const responses = rows.filter((r) => r.metric === "usefulness").reduce((n, r) => n + r.n, 0);
    expect(responses).toBeGreaterThanOrEqual(5);
    expect(get("usefulness", "Extremely useful") / responses).toBeGreaterThan(0.85);
    expect(get("recommend", "Yes")).toBe(responses);
    // Its quotes are attributed to fictional organisations, never to the real ones in the paper.
    const quotes = db.select({ text: schema.answers.text }).from(schema.answers).where(eq(schema.answers.quotePermission, true)).all();
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    const orgs = db
      .select({ name: schema.organisations.name })
      .from(schema.organisations)
      .all()
      .map((o) => o.name);
    for (const real of ["British Airways", "American Express", "AMC plc", "Lloyds"]) expect(orgs).not.toContain(real);
  });

  it("has the licensed-venue series: 10 sessions planned, 3 delivered", () => {
    const sessions = db
      .select({ startsAt: schema.sessions.startsAt, endsAt: schema.sessions.endsAt, seriesId: schema.sessions.seriesId })
      .from(schema.sessions)
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
      .where(eq(schema.programmes.slug, "safety-thirst-licensed-venues"))
      .all();
    expect(sessions).toHaveLength(10);
    expect(new Set(sessions.map((s) => s.seriesId)).size).toBe(1);
    expect(sessions.filter((s) => s.endsAt < NOW)).toHaveLength(3);
  });

  it("has future sessions open for booking, some of them full with a waiting list", () => {
    const future = sqlite()
      .prepare(
        `select s.id, s.capacity,
           (select count(*) from bookings b where b.session_id = s.id and b.status = 'confirmed') as confirmed,
           (select count(*) from bookings b where b.session_id = s.id and b.status = 'waitlisted') as waiting
         from sessions s where s.starts_at > ?`,
      )
      .all(NOW.getTime()) as Array<{ capacity: number; confirmed: number; waiting: number }>;
    expect(future.filter((s) => s.confirmed < s.capacity).length).toBeGreaterThan(3);
    expect(future.filter((s) => s.confirmed === s.capacity && s.waiting > 0).length).toBeGreaterThanOrEqual(2);
    expect(future.every((s) => s.confirmed <= s.capacity)).toBe(true);
  });

  it("imports the action plan from the CSV fixture, every row accounted for", () => {
    const csv = readFileSync(path.resolve("db/seed-data/action-plan-2019-2021-draft.csv"), "utf8");
    const parsed = parseActionPlanCsv(csv);
    const dataLines = csv.trim().split(/\r?\n/).length - 1;
    expect(parsed.rows.length + parsed.skipped.length).toBe(dataLines);
    expect(parsed.skipped).toEqual([]);
    const plan = db.select().from(schema.actionPlans).where(eq(schema.actionPlans.title, DEMO_PLAN_TITLE)).get()!;
    const actions = db.select().from(schema.planActions).where(eq(schema.planActions.planId, plan.id)).all();
    expect(actions).toHaveLength(parsed.rows.length);
    expect(db.select().from(schema.planPriorities).where(eq(schema.planPriorities.planId, plan.id)).all()).toHaveLength(3);
    const charter = actions.find((a) => a.keyAction.startsWith("Promoting the Women's Safety Charter"))!;
    expect(charter).toMatchObject({ deadlineText: "25 th November 2019", deadlineOn: "2019-11-25" });
    const quarterly = actions.find((a) => a.deadlineText === "Ongoing- quarterly updates")!;
    expect(quarterly).toMatchObject({ ongoing: true, deadlineOn: null });
    expect(db.select({ n: count() }).from(schema.actionTargets).get()!.n).toBeGreaterThanOrEqual(6);
  });
});
