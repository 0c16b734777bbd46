/**
 * db/prepared.ts keeps drizzle queries prepared per connection. Each must run on the connection of the handle it
 * is asked for with, inside that handle's transaction, and its key must never hand one connection's query to
 * another.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";

import type { Db, DbOrTx } from "../db/client";
import { preparedOn } from "../db/prepared";
import { withStatementCache } from "../db/statement-cache";

const t = sqliteTable("t", { id: integer("id").primaryKey(), name: text("name").notNull() });

function open(names: string[]) {
  const sqlite = new Database(":memory:");
  sqlite.exec("create table t (id integer primary key, name text not null)");
  for (const name of names) sqlite.prepare("insert into t (name) values (?)").run(name);
  // Typed as the app's client: preparedOn takes the app's handles; this table is the test's own.
  return drizzle(withStatementCache(sqlite)) as unknown as Db;
}

const countNamed = (db: DbOrTx) =>
  preparedOn(db, "t.count-named", (d) =>
    d
      .select({ n: sql<number>`count(*)` })
      .from(t)
      .where(sql`${t.name} = ${sql.placeholder("name")}`)
      .prepare(),
  );
const insert = (db: DbOrTx) =>
  preparedOn(db, "t.insert", (d) =>
    d
      .insert(t)
      .values({ name: sql.placeholder("name") })
      .prepare(),
  );

describe("queries prepared once per connection", () => {
  it("runs each on its own connection, prepared once there", () => {
    const a = open(["x", "x"]);
    const b = open(["x"]);
    expect(countNamed(a).get({ name: "x" })?.n).toBe(2);
    expect(countNamed(b).get({ name: "x" })?.n).toBe(1);
    expect(countNamed(a)).toBe(countNamed(a));
    expect(countNamed(a)).not.toBe(countNamed(b));
  });

  it("runs inside the transaction of the handle it was asked for with, and is rolled back with it", () => {
    const a = open([]);
    a.transaction((tx) => {
      insert(tx).run({ name: "kept" });
    });
    expect(() =>
      a.transaction((tx) => {
        insert(tx).run({ name: "dropped" });
        expect(countNamed(a).get({ name: "dropped" })?.n).toBe(1);
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(countNamed(a).get({ name: "kept" })?.n).toBe(1);
    expect(countNamed(a).get({ name: "dropped" })?.n).toBe(0);
    // The query first prepared in a transaction still runs on the connection outside one.
    insert(a).run({ name: "after" });
    expect(countNamed(a).get({ name: "after" })?.n).toBe(1);
  });

  it("finds the connection where drizzle keeps it (a drizzle upgrade that moves it fails here)", () => {
    expect(() => preparedOn({} as DbOrTx, "x", () => 1)).toThrow("db/prepared.ts needs updating");
  });
});
