import { getTableName, sql, type Column } from "drizzle-orm";

/**
 * A column written with its table's name ("sessions"."id"), for correlated sub-queries. Drizzle writes a
 * bare "id" when a query has one table, and inside `(select … from bookings b where b.session_id = "id")`
 * SQLite binds that "id" to the inner table — silently counting the wrong rows.
 */
export function outer(column: Column) {
  return sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
}
