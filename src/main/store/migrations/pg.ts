import type { QueryRunner } from 'typeorm'

/** Branch mode runs the same migrations on PostgreSQL; each migration keeps its SQL for both. */
export function onPostgres(q: QueryRunner): boolean {
  return q.connection.options.type === 'postgres'
}

/** The same 'now minus 10 years' instant, as the ISO text the audit table stores. */
export const PG_TEN_YEARS_AGO = `to_char((now() AT TIME ZONE 'UTC') - interval '10 years', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
