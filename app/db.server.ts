/**
 * The app's one database client. It is kept on globalThis because in development each rebuilt Remix build
 * is a new module graph in the same process, and each would otherwise open its own.
 */
import path from "node:path";

import { getEnv } from "~/utils/env.server";

import { openDatabase, type Db, type Sqlite } from "../db/client";
import * as schema from "../db/schema";

type Connection = { db: Db; sqlite: Sqlite };

const registry = ((globalThis as { __appDatabases?: Map<string, Connection> }).__appDatabases ??= new Map());

function connection(): Connection {
  const file = path.resolve(getEnv().DATABASE_PATH);
  let conn = registry.get(file);
  if (!conn) {
    conn = openDatabase(file);
    registry.set(file, conn);
  }
  return conn;
}

/** Lazily opened so that importing a model never touches the disk before configuration is checked. */
export const db: Db = new Proxy({} as Db, {
  get: (_target, prop) => {
    const target = connection().db;
    const value = Reflect.get(target, prop, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export function sqlite(): Sqlite {
  return connection().sqlite;
}

export function closeDatabase(): void {
  for (const [file, conn] of registry) {
    conn.sqlite.close();
    registry.delete(file);
  }
}

export { schema };
