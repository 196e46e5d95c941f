import type { DataSource, EntityManager, QueryRunner } from 'typeorm'

type Queryable = DataSource | EntityManager | QueryRunner

function driverType(q: Queryable): string {
  const ds = 'connection' in q && q.connection ? q.connection : (q as DataSource)
  return ds.options.type
}

/** Branch mode: the store is a shared PostgreSQL database (issue 6) rather than the local SQLite file. */
export function isPostgres(q: Queryable): boolean {
  return driverType(q) === 'postgres'
}

/** Raw SQL written with `?` placeholders, run on either database (PostgreSQL wants $1, $2…). */
export function sql<T = unknown>(q: Queryable, text: string, params: unknown[] = []): Promise<T> {
  if (!isPostgres(q)) return q.query(text, params) as Promise<T>
  let n = 0
  return q.query(
    text.replace(/\?/g, () => `$${++n}`),
    params,
  ) as Promise<T>
}

/**
 * Serialises a read-decide-write across processes (branch mode: several workstations, one
 * database) until the enclosing transaction ends. In the local store a single process owns the
 * file and the SerialQueue already serialises, so this is a no-op there.
 */
export async function lockFor(m: EntityManager, key: string): Promise<void> {
  if (isPostgres(m)) await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key])
}
