import { DataSource } from 'typeorm'

/** The throwaway server scripts/with-postgres starts (branch-mode tests skip without it). */
export const adminPgUrl = process.env.TELLER_TEST_PG_URL

let created = 0

/**
 * A fresh database on the throwaway server, for one test file or one test: its URL, and `drop()`
 * to remove it afterwards (connections to it must be closed first).
 */
export async function throwawayDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminPgUrl) throw new Error('TELLER_TEST_PG_URL is not set (run the tests through scripts/with-postgres)')
  const name = `${prefix}_${process.pid}_${Date.now()}_${++created}`
  const admin = async (sql: string) => {
    const ds = new DataSource({ type: 'postgres', url: adminPgUrl })
    await ds.initialize()
    try {
      await ds.query(sql)
    } finally {
      await ds.destroy()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  const url = new URL(adminPgUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) }
}

/** Runs statements as the cluster's administrator (role and database set-up of the two-role tests). */
export async function asPgAdmin(statements: string[]): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: adminPgUrl })
  await ds.initialize()
  try {
    for (const s of statements) await ds.query(s)
  } finally {
    await ds.destroy()
  }
}

/** The URL of database `db` as `role`, with the password `password`. */
export function pgUrlAs(role: string, password: string, db: string): string {
  const u = new URL(adminPgUrl!)
  u.username = role
  u.password = password
  u.pathname = `/${db}`
  return u.toString()
}
