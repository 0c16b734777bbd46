import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";

import { applyMigrations, openDatabase, type Db } from "../db/client";
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

  it("keep the rows that refer to a table made anew (a changed CHECK list), which foreign keys on would delete", () => {
    // A table with a CHECK list and rows that refer to it, then a migration as drizzle-kit writes one when the list
    // changes: a new table, the rows copied, the old table dropped.
    const folder = mkdtempSync(path.join(TEST_TMP, "migrations-"));
    mkdirSync(path.join(folder, "meta"));
    const migrations = {
      "0000_kinds": [
        "CREATE TABLE `forms` (`id` integer PRIMARY KEY, `kind` text NOT NULL, CONSTRAINT `kind_check` CHECK(`kind` in ('evaluation')))",
        "CREATE TABLE `questions` (`id` integer PRIMARY KEY, `form_id` integer NOT NULL REFERENCES `forms`(`id`) ON DELETE cascade)",
        "INSERT INTO `forms` VALUES (1, 'evaluation')",
        "INSERT INTO `questions` VALUES (1, 1), (2, 1)",
      ],
      "0001_new_kind": [
        "PRAGMA foreign_keys=OFF",
        "CREATE TABLE `__new_forms` (`id` integer PRIMARY KEY, `kind` text NOT NULL, CONSTRAINT `kind_check` CHECK(`kind` in ('evaluation', 'follow_up')))",
        "INSERT INTO `__new_forms`(`id`, `kind`) SELECT `id`, `kind` FROM `forms`",
        "DROP TABLE `forms`",
        "ALTER TABLE `__new_forms` RENAME TO `forms`",
        "PRAGMA foreign_keys=ON",
      ],
    };
    writeFileSync(
      path.join(folder, "meta", "_journal.json"),
      JSON.stringify({
        version: "7",
        dialect: "sqlite",
        entries: Object.keys(migrations).map((tag, idx) => ({ idx, version: "6", when: 1_700_000_000_000 + idx, tag, breakpoints: true })),
      }),
    );
    for (const [tag, statements] of Object.entries(migrations))
      writeFileSync(path.join(folder, `${tag}.sql`), statements.join(";--> statement-breakpoint\n"));

    const questionsAfter = (run: (db: Db, sqlite: Database.Database) => void) => {
      const dir = mkdtempSync(path.join(TEST_TMP, "migrate-"));
      const { db, sqlite } = openDatabase(path.join(dir, "x.db"), { migrate: false });
      run(db, sqlite);
      const n = (sqlite.prepare("select count(*) from questions").pluck().get() as number) ?? 0;
      sqlite.close();
      return n;
    };
    // The migrator alone, foreign keys on: the questions go with the old table.
    expect(questionsAfter((db) => migrate(db, { migrationsFolder: folder }))).toBe(0);
    // As the app applies them.
    expect(
      questionsAfter((_db, sqlite) => {
        applyMigrations(sqlite, folder);
        // And back on for the app.
        expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      }),
    ).toBe(2);
  });

  it("0013 (follow-ups) keeps every form, question, response, answer and target of a database made before it", () => {
    // The real migrations up to 0012 in a folder of their own, then the real folder: as a live database upgrades.
    const before = mkdtempSync(path.join(TEST_TMP, "migrations-0012-"));
    mkdirSync(path.join(before, "meta"));
    const journal = JSON.parse(readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as {
      entries: Array<{ tag: string }>;
    };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0013_"));
    expect(upTo).toBe(13);
    writeFileSync(path.join(before, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    for (const { tag } of journal.entries.slice(0, upTo))
      writeFileSync(path.join(before, `${tag}.sql`), readFileSync(path.resolve("db/migrations", `${tag}.sql`)));

    const dir = mkdtempSync(path.join(TEST_TMP, "migrate-"));
    const { sqlite } = openDatabase(path.join(dir, "old.db"), { migrate: false });
    applyMigrations(sqlite, before);
    sqlite.exec(`
      insert into programmes (id, slug, title, summary, category, default_capacity, default_duration_minutes) values (1, 'p', 'P', 'S', 'training', 10, 60);
      insert into forms (id, kind, programme_id, title, public_token) values (1, 'evaluation', 1, 'F', 'token-1');
      insert into questions (id, form_id, position, type, prompt) values (1, 1, 1, 'scale', 'Q1'), (2, 1, 2, 'long_text', 'Q2');
      insert into sessions (id, programme_id, starts_at, ends_at, venue, capacity, booking_closes_at) values (1, 1, 0, 3600000, 'Hall', 10, 0);
      insert into bookings (id, session_id, name, email, email_normalised, organisation_name, sector, job_role, status, manage_token, feedback_token, calendar_uid)
        values (1, 1, 'N', 'n@x.example', 'n@x.example', 'O', 'hotel', 'R', 'confirmed', 'm', 'f', 'u');
      insert into responses (id, form_id, session_id, booking_id, channel) values (1, 1, 1, 1, 'attendee_link'), (2, 1, 1, null, 'anonymous_link');
      insert into answers (response_id, question_id, form_id, session_id, number) values (1, 1, 1, 1, 4), (2, 1, 1, 1, 5);
      insert into answers (response_id, question_id, form_id, session_id, text) values (1, 2, 1, 1, 'words');
      insert into action_plans (id, title, starts_on, ends_on) values (1, 'Plan', '2026-01-01', '2027-01-01');
      insert into plan_priorities (id, plan_id, position, title) values (1, 1, 1, 'Priority');
      insert into plan_actions (id, plan_id, priority_id, position, key_action) values (1, 1, 1, 1, 'Action');
      insert into action_targets (id, action_id, label, metric, target_value, window_starts_on) values (1, 1, 'T', 'pct_recommend', 80, '2026-01-01');
      insert into action_target_programmes (target_id, programme_id) values (1, 1);
    `);
    const counts = () =>
      sqlite
        .prepare(
          "select (select count(*) from forms) as forms, (select count(*) from questions) as questions, (select count(*) from responses) as responses, (select count(*) from answers) as answers, (select count(*) from action_targets) as targets, (select count(*) from action_target_programmes) as target_programmes",
        )
        .get();
    const was = counts();
    expect(was).toEqual({ forms: 1, questions: 2, responses: 2, answers: 3, targets: 1, target_programmes: 1 });

    applyMigrations(sqlite);
    expect(counts()).toEqual(was);
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    // What the migration is for: a programme's follow-up forms, and a response of each form from one booking.
    sqlite.exec(`
      insert into forms (id, kind, programme_id, title, public_token) values (2, 'follow_up', 1, 'Later', 'token-2'), (3, 'manager', 1, 'Manager', 'token-3');
      insert into responses (form_id, session_id, booking_id, channel) values (2, 1, 1, 'attendee_link'), (3, 1, 1, 'attendee_link');
      insert into action_targets (action_id, label, metric, target_value, window_starts_on) values (1, 'Applying', 'pct_applying', 60, '2026-01-01');
    `);
    expect(() =>
      sqlite.exec("insert into forms (kind, programme_id, title, public_token) values ('follow_up', 1, 'Twice', 'token-4')"),
    ).toThrow(/UNIQUE/);
    expect(() => sqlite.exec("insert into responses (form_id, session_id, booking_id, channel) values (2, 1, 1, 'attendee_link')")).toThrow(
      /UNIQUE/,
    );
    expect(sqlite.prepare("select follow_up_weeks, ask_line_manager from programmes").get()).toEqual({
      follow_up_weeks: 8,
      ask_line_manager: 0,
    });
    sqlite.close();
  });

  it("are not applied at all if they would leave a row referring to nothing", () => {
    const folder = mkdtempSync(path.join(TEST_TMP, "migrations-"));
    mkdirSync(path.join(folder, "meta"));
    writeFileSync(
      path.join(folder, "meta", "_journal.json"),
      JSON.stringify({
        version: "7",
        dialect: "sqlite",
        entries: [{ idx: 0, version: "6", when: 1_700_000_000_000, tag: "0000_bad", breakpoints: true }],
      }),
    );
    writeFileSync(
      path.join(folder, "0000_bad.sql"),
      [
        "CREATE TABLE `a` (`id` integer PRIMARY KEY)",
        "CREATE TABLE `b` (`id` integer PRIMARY KEY, `a_id` integer REFERENCES `a`(`id`))",
        "INSERT INTO `b` VALUES (1, 42)",
      ].join(";--> statement-breakpoint\n"),
    );
    const dir = mkdtempSync(path.join(TEST_TMP, "migrate-"));
    const { sqlite } = openDatabase(path.join(dir, "x.db"), { migrate: false });
    expect(() => applyMigrations(sqlite, folder)).toThrow(/1 rows referring to rows that do not exist, so none was applied/);
    // Rolled back: nothing made, nothing recorded, and foreign keys on again.
    expect(sqlite.prepare("select count(*) from sqlite_master where name in ('a', 'b')").pluck().get()).toBe(0);
    expect(sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(0);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
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
