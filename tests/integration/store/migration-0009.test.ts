import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { StaffQuota1764000000009 } from '../../../src/main/store/migrations/0009-staff-quota'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

/** Everything before 0009, whatever was merged ahead of it. */
const before = migrations.slice(0, migrations.indexOf(StaffQuota1764000000009))
const USE = `INSERT INTO staff_quota_use (id, staff_id, kind, at) VALUES (?, 's1', ?, '2026-03-10T04:00:00.000Z')`

describe('migration 0009 (staff_quota_use: per-staff allowances, exact across workstations)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades the previous version keeping its rows; the new table holds staff, kind and time only, and refuses an unknown kind', async () => {
    expect(before.length).toBeGreaterThanOrEqual(7)
    const path = join(dir.path, 'prev.sqlite')
    const prev = await storeAtVersion({ path }, before)
    await prev.query(`INSERT INTO key_ring_meta (install_id, salt, kek_mode, created_at) VALUES ('i1', 'c2FsdA', 'keychain', 't')`)
    await prev.query(`PRAGMA user_version = ${before.length}`)
    await prev.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = ((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)
    expect(applied).toContain('StaffQuota1764000000009')
    expect(await ds.query('SELECT install_id FROM key_ring_meta')).toEqual([{ install_id: 'i1' }])
    const columns = (await ds.query('PRAGMA table_info(staff_quota_use)')) as { name: string; notnull: number; pk: number }[]
    expect(columns.map((c) => [c.name, c.notnull, c.pk])).toEqual([['id', 1, 1], ['staff_id', 1, 0], ['kind', 1, 0], ['at', 1, 0]])
    await ds.query(USE, ['u1', 'lookup'])
    await ds.query(USE, ['u2', 'sms'])
    await expect(ds.query(USE, ['u3', 'export'])).rejects.toThrow('CHECK constraint failed')
    await expect(ds.query(USE, ['u1', 'sms'])).rejects.toThrow('UNIQUE constraint failed: staff_quota_use.id')
    const plan = (await ds.query(`EXPLAIN QUERY PLAN SELECT at FROM staff_quota_use WHERE staff_id = 's1' AND kind = 'sms' AND at > 'x'`)) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('idx_staff_quota_use')
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0009 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades the previous version; the table refuses an unknown kind', async () => {
    db = await throwawayDatabase('teller_m0009')
    const prev = await storeAtVersion({ url: db.url }, before)
    await prev.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)).toContain('StaffQuota1764000000009')
    const pgUse = (id: string, kind: string) => ds!.query(`INSERT INTO staff_quota_use (id, staff_id, kind, at) VALUES ($1, 's1', $2, 't')`, [id, kind])
    await pgUse('u1', 'lookup')
    await pgUse('u2', 'sms')
    await expect(pgUse('u3', 'export')).rejects.toThrow('violates check constraint')
  })
})
