import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { STORE_FILE, type Engine } from '../../../src/main/app/composition-root'
import { FakeClock } from '../../support/fake-clock'
import { migrations } from '../../../src/main/store/migrations'
import { openStore } from '../../../src/main/store/data-source'
import { storeAtVersion } from '../../support/store-at-version'
import { reopenEngine, tempDir } from '../../support/temp-engine'
import { SUPERVISOR } from '../../support/customers'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'

describe('migration 0005 (customer personal data sealed, phone by blind index)', () => {
  const dir = tempDir()
  let engine: Engine | null = null
  afterEach(async () => {
    await engine?.close()
    engine = null
  })

  it('upgrades a version-4 store: clear rows move to legacy columns, the engine seals them, cards keep their customer', async () => {
    const path = join(dir.path, STORE_FILE)
    const v4 = await storeAtVersion({ path }, migrations.slice(0, 4))
    await v4.query(`PRAGMA foreign_keys = ON`)
    await v4.query(
      `INSERT INTO customer (id, phone, name, date_of_birth, password_hash, password_changed_at, created_at, updated_at) VALUES ('c1', '+77012345678', 'Aruzhan Legacy', '1979-04-03', ?, 't', 't', 't')`,
      [HASH],
    )
    await v4.query(`INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('k', 'c1', 'f', 'k1:v1.a', '440043******1237', 'visa', 12, 2029, 'KZ', 1, 't')`)
    await v4.query('PRAGMA user_version = 4')
    await v4.destroy()

    engine = await reopenEngine(dir.path, new FakeClock('2026-03-10T04:00:00.000Z'))
    expect(await engine.customers.lockouts(SUPERVISOR, 'supervisor')).toEqual([])
    expect(engine.customerVault.open((await engine.customerVault.findByPhone('+77012345678'))!)).toMatchObject({ phone: '+77012345678', name: 'Aruzhan Legacy' })
    const row = (await engine.customerVault.findByPhone('+77012345678'))!
    expect(row).toMatchObject({ id: 'c1', legacyPhone: null, legacyName: null, legacyDob: null })
    expect(row.nameSealed).toMatch(/^k1:v1\./)
    expect(await engine.ds.query(`PRAGMA foreign_key_check`)).toEqual([])
    expect(await engine.ds.query(`SELECT customer_id FROM card`)).toEqual([{ customer_id: 'c1' }])
    await engine.close()
    engine = null
    const wal = `${path}-wal`
    const bytes = readFileSync(path).toString('latin1') + (existsSync(wal) ? readFileSync(wal).toString('latin1') : '')
    expect(bytes.includes('Aruzhan Legacy')).toBe(false)
    expect(bytes.includes('1979-04-03')).toBe(false)
  })

  it('refuses a row that is neither sealed nor legacy, or half sealed', async () => {
    const ds = await openStore({ path: join(dir.path, 'x.sqlite') })
    try {
      await expect(
        ds.query(`INSERT INTO customer (id, password_hash, password_changed_at, created_at, updated_at) VALUES ('a', ?, 't', 't', 't')`, [HASH]),
      ).rejects.toThrow(/CHECK constraint/)
      await expect(
        ds.query(`INSERT INTO customer (id, phone_index, phone_sealed, password_hash, password_changed_at, created_at, updated_at) VALUES ('b', 'i', 'k1:v1.x', ?, 't', 't', 't')`, [HASH]),
      ).rejects.toThrow(/CHECK constraint/)
      await expect(
        ds.query(
          `INSERT INTO customer (id, phone_index, phone_sealed, name_sealed, dob_sealed, password_hash, password_changed_at, created_at, updated_at) VALUES ('c', 'i', '+77012345678', 'k1:v1.x', 'k1:v1.x', ?, 't', 't', 't')`,
          [HASH],
        ),
      ).rejects.toThrow(/CHECK constraint/)
    } finally {
      await ds.destroy()
    }
  })
})
