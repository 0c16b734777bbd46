import { getTableName, sql, type Column, type Table } from "drizzle-orm";

/**
 * A column written with its table's name ("sessions"."id"), for correlated sub-queries. Drizzle writes a
 * bare "id" when a query has one table, and inside `(select … from bookings b where b.session_id = "id")`
 * SQLite binds that "id" to the inner table — silently counting the wrong rows.
 */
export function outer(column: Column) {
  return sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
}

/**
 * A table under a second name in raw SQL, `"sessions" "o"`, for a sub-query on the same table as the query
 * around it. `as` is `alias(table, "o")` from drizzle-orm/sqlite-core; name the columns through it
 * (`${o.seriesId}` is `"o"."series_id"`; in the select list of a one-table query drizzle drops the prefix, and
 * the bare name still means the sub-query's own table). The alias alone is not enough: in a template drizzle
 * writes it as just `"o"`, which SQLite reads as a table called o.
 */
export function tableAs(table: Table, as: Table) {
  return sql`${sql.identifier(getTableName(table))} ${sql.identifier(getTableName(as))}`;
}
