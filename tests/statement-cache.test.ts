/**
 * db/statement-cache.ts hands drizzle the same prepared statement for the same SQL text. Reusing one must never
 * change what a query gives: not while another use of it is still being iterated, not after drizzle has set it
 * to return arrays.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";

import { withStatementCache } from "../db/statement-cache";

function connection() {
  const real = new Database(":memory:");
  real.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c')");
  return { real, cached: withStatementCache(real) };
}

describe("the statement cache", () => {
  it("prepares a text once and hands the same statement out again", () => {
    const { cached } = connection();
    const first = cached.prepare("select name from t where id = ?");
    expect(cached.prepare("select name from t where id = ?")).toBe(first);
    expect(cached.prepare("select name from t where id = ? ")).not.toBe(first);
  });

  it("gives objects after drizzle has asked the same statement for arrays", () => {
    const { cached } = connection();
    const statement = cached.prepare("select id, name from t order by id");
    expect(statement.raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(cached.prepare("select id, name from t order by id").all()).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]);
  });

  it("never hands out a statement that is still being iterated", () => {
    const { cached } = connection();
    const names: string[] = [];
    for (const row of cached.prepare("select name from t order by id").iterate() as IterableIterator<{ name: string }>) {
      // The same text asked for inside the loop: a statement of its own.
      names.push(`${row.name}:${(cached.prepare("select name from t order by id").all() as Array<{ name: string }>).length}`);
    }
    expect(names).toEqual(["a:3", "b:3", "c:3"]);
  });

  it("leaves everything else to the connection: transactions, pragmas, closing", () => {
    const { real, cached } = connection();
    const db = drizzle(cached);
    const insertTwo = cached.transaction(() => {
      db.run(sql`insert into t (name) values ('d')`);
      db.run(sql`insert into t (name) values ('e')`);
    });
    insertTwo();
    expect(db.all(sql`select count(*) as n from t`)).toEqual([{ n: 5 }]);
    expect(() =>
      cached.transaction(() => {
        db.run(sql`insert into t (name) values ('f')`);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(db.get(sql`select count(*) as n from t`)).toEqual({ n: 5 });
    expect(cached.pragma("journal_mode", { simple: true })).toBe("memory");
    cached.close();
    expect(real.open).toBe(false);
  });
});
