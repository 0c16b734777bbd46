import { mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { openDatabase } from "../db/client";
import { TEST_TMP } from "./support/paths";

describe("migrations", () => {
  it("apply to a fresh database file and create every table in the schema", () => {
    const dir = mkdtempSync(path.join(TEST_TMP, "migrate-"));
    const { sqlite } = openDatabase(path.join(dir, "fresh.db"));
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all()
      .map((r) => (r as { name: string }).name);
    const journal = JSON.parse(readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    const applied = sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    expect(tables).toEqual(
      expect.arrayContaining([
        "users",
        "auth_sessions",
        "sign_in_attempts",
        "audit_log",
        "organisations",
        "programmes",
        "session_series",
        "sessions",
        "session_changes",
        "bookings",
        "forms",
        "questions",
        "responses",
        "answers",
        "action_plans",
        "plan_priorities",
        "plan_actions",
        "action_targets",
        "action_target_programmes",
        "email_outbox",
        "staff_members",
        "training_requirements",
      ]),
    );
    sqlite.close();
  });

  it("set WAL, foreign keys and a busy timeout on every connection", () => {
    const dir = mkdtempSync(path.join(TEST_TMP, "pragmas-"));
    const { sqlite } = openDatabase(path.join(dir, "p.db"));
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(Number(sqlite.pragma("busy_timeout", { simple: true }))).toBeGreaterThanOrEqual(1000);
    sqlite.close();
  });

  it("are not applied twice when the database is opened again", () => {
    const dir = mkdtempSync(path.join(TEST_TMP, "reopen-"));
    const file = path.join(dir, "r.db");
    openDatabase(file).sqlite.close();
    const { sqlite } = openDatabase(file);
    const journal = JSON.parse(readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    expect((sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n).toBe(journal.entries.length);
    sqlite.close();
  });

  it("enforce the domain's rules in the database itself", () => {
    const dir = mkdtempSync(path.join(TEST_TMP, "checks-"));
    const { sqlite } = openDatabase(path.join(dir, "c.db"));
    expect(() =>
      sqlite.prepare("insert into users (email, name, role, password_hash) values ('a@x', 'A', 'superuser', 'x')").run(),
    ).toThrow(/CHECK/);
    sqlite
      .prepare(
        "insert into programmes (slug, title, summary, category, default_capacity, default_duration_minutes) values ('p', 'P', 'S', 'training', 10, 60)",
      )
      .run();
    // A sensitive programme must have a neutral public title.
    expect(() =>
      sqlite
        .prepare(
          "insert into programmes (slug, title, summary, category, default_capacity, default_duration_minutes, sensitive) values ('q', 'Q', 'S', 'training', 10, 60, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    const at = Date.UTC(2030, 0, 1, 10);
    // A session must end after it starts and have a venue or a link.
    expect(() =>
      sqlite
        .prepare(
          "insert into sessions (programme_id, starts_at, ends_at, venue, capacity, booking_closes_at) values (1, ?, ?, 'Hall', 10, ?)",
        )
        .run(at, at, at),
    ).toThrow(/CHECK/);
    expect(() =>
      sqlite
        .prepare("insert into sessions (programme_id, starts_at, ends_at, capacity, booking_closes_at) values (1, ?, ?, 10, ?)")
        .run(at, at + 3600_000, at),
    ).toThrow(/CHECK/);
    sqlite
      .prepare(
        "insert into sessions (programme_id, starts_at, ends_at, venue, capacity, booking_closes_at) values (1, ?, ?, 'Hall', 10, ?)",
      )
      .run(at, at + 3600_000, at);
    // One active booking per person per session; a cancelled one does not count.
    const book = sqlite.prepare(
      "insert into bookings (session_id, name, email, email_normalised, organisation_name, sector, job_role, status, confirmed_at, manage_token, feedback_token, calendar_uid) values (1, 'N', 'a@x', 'a@x', 'O', 'business', 'R', ?, 0, ?, ?, ?)",
    );
    book.run("cancelled", "m1", "f1", "u1");
    book.run("confirmed", "m2", "f2", "u2");
    expect(() => book.run("confirmed", "m3", "f3", "u3")).toThrow(/UNIQUE/);
    // Foreign keys are on.
    expect(() => sqlite.prepare("insert into session_changes (session_id, sequence, changes) values (999, 1, '[]')").run()).toThrow(
      /FOREIGN KEY/,
    );
    sqlite.close();
  });
});
