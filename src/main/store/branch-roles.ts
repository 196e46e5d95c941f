import type { DataSource } from 'typeorm'
import { migrations } from './migrations'
import { RETENTION_PURGE_FUNCTION } from './migrations/0019-audit-retention-branch'
import { StoreTooNewError } from './store-errors'

/** The tables the app role may only read (written by migrations alone, or by the owner's retention function). */
export const READ_ONLY_TABLES = ['migrations', 'audit_chain_format', 'audit_anchor', 'audit_chain_anchor'] as const
/** The append-only audit trail: the app role may INSERT and SELECT, never UPDATE, DELETE or TRUNCATE. */
export const APPEND_ONLY_TABLES = ['audit_event'] as const

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * Branch mode with two roles (issue 14): what the owner grants the app role after each migration,
 * so a table added by a later migration is covered too. The README prints exactly these.
 */
export function appRoleGrants(appRole: string): string[] {
  const app = ident(appRole)
  return [
    // Nobody but the owner creates objects in the schema (PostgreSQL 14 and older grant it to PUBLIC).
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA public TO ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${READ_ONLY_TABLES.join(', ')} FROM ${app}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${app}`,
    // Retention (S21) removes old events only through the owner's function, which enforces the 10 years itself (migration 0019).
    `GRANT EXECUTE ON FUNCTION ${RETENTION_PURGE_FUNCTION} TO ${app}`,
  ]
}

/** The migrations, run on `ds` under an advisory lock (two workstations starting together cannot race); then, with two roles, the app role's grants. */
export async function migrateBranch(ds: DataSource, appRole: string | null): Promise<void> {
  const lock = ds.createQueryRunner()
  await lock.connect()
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['teller-migrations'])
    const known = new Set(migrations.map((m) => m.name))
    const exists = (await ds.query(`SELECT to_regclass('public.migrations') AS t`)) as { t: string | null }[]
    if (exists[0]?.t) {
      const applied = (await ds.query('SELECT name FROM migrations')) as { name: string }[]
      if (applied.some((a) => !known.has(a.name))) throw new StoreTooNewError(applied.length, migrations.length)
    }
    try {
      await ds.runMigrations({ transaction: 'each' })
    } catch (e) {
      if ((e as { code?: string }).code !== '42501') throw e
      throw new Error('The branch database needs migrating and this role may not change its schema: start once with TELLER_DB_OWNER_URL set to the owner role (see README, "Branch mode: two roles").', { cause: e })
    }
    if (appRole) for (const s of appRoleGrants(appRole)) await lock.query(s)
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', ['teller-migrations']).catch(() => undefined)
    await lock.release()
  }
}
