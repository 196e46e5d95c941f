import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

// Found by name, so the lead can renumber the migration at merge without touching this test.
const NAME = 'StaffTotp1764000000016'
const at = migrations.findIndex((m) => m.name === NAME)
const STAFF = `INSERT INTO staff (id, login, display_name, role, password_hash, disabled, created_at, updated_at) VALUES ('s1', 'dana', 'Dana', 'teller', 'h', false, 't', 't')`
const HASH = 'a'.repeat(64)

describe('migration 0016 (staff TOTP secret sealed, recovery codes as hashes)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades an older store keeping its staff, who then have a pending enrolment; refuses a clear secret and a non-hash code', async () => {
    expect(at).toBeGreaterThan(0)
    const path = join(dir.path, 'old.sqlite')
    const old = await storeAtVersion({ path }, migrations.slice(0, at))
    await old.query(STAFF)
    await old.query(`PRAGMA user_version = ${at}`)
    await old.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name)[at]).toBe(NAME)
    expect(await ds.query(`SELECT login FROM staff`)).toEqual([{ login: 'dana' }])
    // No row: the existing account enrols at its next sign-in.
    expect(await ds.query(`SELECT count(*) AS n FROM staff_totp`)).toEqual([{ n: 0 }])
    await expect(ds.query(`INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES ('s1', 'JBSWY3DPEHPK3PXP', NULL, 't')`)).rejects.toThrow('CHECK constraint failed')
    await ds.query(`INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES ('s1', 'k1:sealed', NULL, 't')`)
    await expect(ds.query(`INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES ('s1', 'k1:other', NULL, 't')`)).rejects.toThrow('UNIQUE constraint failed')
    await expect(ds.query(`INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES ('s1', 'ABCD-EFGH-JKMN-PQRS', NULL)`)).rejects.toThrow('CHECK constraint failed')
    await ds.query(`INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES ('s1', ?, NULL)`, [HASH])
    await expect(ds.query(`INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES ('s1', ?, NULL)`, [HASH])).rejects.toThrow('UNIQUE constraint failed')
    const columns = (await ds.query('PRAGMA table_info(staff_totp)')) as { name: string; notnull: number; pk: number }[]
    expect(columns.map((c) => [c.name, c.notnull, c.pk])).toEqual([['staff_id', 1, 1], ['secret_sealed', 1, 0], ['last_step', 0, 0], ['enrolled_at', 1, 0]])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0016 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades an older database keeping its staff; a clear secret and a non-hash code are refused', async () => {
    db = await throwawayDatabase('teller_m0016')
    const old = await storeAtVersion({ url: db.url }, migrations.slice(0, at))
    await old.query(STAFF)
    await old.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)[at]).toBe(NAME)
    expect(await ds.query(`SELECT login FROM staff`)).toEqual([{ login: 'dana' }])
    await expect(ds.query(`INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES ('s1', 'JBSWY3DPEHPK3PXP', NULL, 't')`)).rejects.toThrow('violates check constraint')
    await ds.query(`INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES ('s1', 'k1:sealed', 59000000, 't')`)
    expect(await ds.query(`SELECT last_step FROM staff_totp`)).toEqual([{ last_step: 59000000 }])
    await expect(ds.query(`INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES ('s1', 'short', NULL)`)).rejects.toThrow('violates check constraint')
    await expect(ds.query(`INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES ('nobody', $1, NULL)`, [HASH])).rejects.toThrow('violates foreign key constraint')
  })
})
