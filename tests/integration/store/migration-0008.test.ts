import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const STAFF = `INSERT INTO staff (id, login, display_name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, 'N', 'teller', 'h', ?, '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')`
const AUDIT = `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, action, outcome, details, prev_hash, hash) VALUES (?, ?, ?, 'w', ?, ?, '{}', 'p', ?)`

describe('migration 0008 (staff lockout count, lock end, last sign-in, password history)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades a version-7 store keeping its staff; the last sign-in is taken from the audit trail', async () => {
    const path = join(dir.path, 'v7.sqlite')
    const v7 = await storeAtVersion({ path }, migrations.slice(0, 7))
    await v7.query(STAFF, ['s1', 'dana', 0])
    await v7.query(STAFF, ['s2', 'olga', 1])
    await v7.query(AUDIT, [1, '2026-02-01T00:00:00.000Z', 's1', 'staff.signIn', 'success', 'h1'])
    await v7.query(AUDIT, [2, '2026-03-01T00:00:00.000Z', 's1', 'staff.signIn', 'success', 'h2'])
    await v7.query(AUDIT, [3, '2026-04-01T00:00:00.000Z', 's1', 'staff.signIn', 'failure', 'h3'])
    await v7.query(AUDIT, [4, '2026-05-01T00:00:00.000Z', 's1', 'staff.signOut', 'success', 'h4'])
    await v7.query('PRAGMA user_version = 7')
    await v7.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name).slice(7, 8)).toEqual(['StaffAccess1764000000008'])
    expect(await ds.query('SELECT id, login, disabled, failed_attempts, locked_until, last_sign_in_at, enabled_at, password_changed_at, previous_hashes FROM staff ORDER BY id')).toEqual([
      { id: 's1', login: 'dana', disabled: 0, failed_attempts: 0, locked_until: null, last_sign_in_at: '2026-03-01T00:00:00.000Z', enabled_at: null, password_changed_at: '2026-01-01T00:00:00.000Z', previous_hashes: '[]' },
      { id: 's2', login: 'olga', disabled: 1, failed_attempts: 0, locked_until: null, last_sign_in_at: null, enabled_at: null, password_changed_at: '2026-01-01T00:00:00.000Z', previous_hashes: '[]' },
    ])
    await expect(ds.query(`UPDATE staff SET failed_attempts = -1 WHERE id = 's1'`)).rejects.toThrow('CHECK constraint failed')
    await expect(ds.query(`UPDATE staff SET failed_attempts = NULL WHERE id = 's1'`)).rejects.toThrow('NOT NULL constraint failed')
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0008 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a version-7 database with the same columns, backfill and CHECK', async () => {
    db = await throwawayDatabase('teller_m0008')
    const v7 = await storeAtVersion({ url: db.url }, migrations.slice(0, 7))
    await v7.query(STAFF.replace(/\?/g, (_m, i: number) => `$${STAFF.slice(0, i).split('?').length}`), ['s1', 'dana', false])
    await v7.query(AUDIT.replace(/\?/g, (_m, i: number) => `$${AUDIT.slice(0, i).split('?').length}`), [1, '2026-02-01T00:00:00.000Z', 's1', 'staff.signIn', 'success', 'h1'])
    await v7.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name).slice(7, 8)).toEqual(['StaffAccess1764000000008'])
    expect(await ds.query('SELECT failed_attempts, locked_until, last_sign_in_at, password_changed_at, previous_hashes FROM staff')).toEqual([
      { failed_attempts: 0, locked_until: null, last_sign_in_at: '2026-02-01T00:00:00.000Z', password_changed_at: '2026-01-01T00:00:00.000Z', previous_hashes: '[]' },
    ])
    await expect(ds.query(`UPDATE staff SET failed_attempts = -1`)).rejects.toThrow('violates check constraint')
  })
})
