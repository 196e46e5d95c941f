import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

// Found by name, so the lead can renumber the migration at merge without touching this test.
const NAME = 'CardSaving1764000000017'
const at = migrations.findIndex((m) => m.name === NAME)
const CUSTOMER = `INSERT INTO customer (id, legacy_phone, legacy_name, legacy_dob, password_hash, password_changed_at, created_at, updated_at) VALUES ('c1', '+77012345678', 'A', '1990-01-01', '$argon2id$x', 't', 't', 't')`
const CARD = `INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('k1', 'c1', 'f', 'k1:v1.a', '440043******1237', 'visa', 12, 2029, 'KZ', true, 't')`
const USE = `INSERT INTO card_month_use (customer_id, month, fingerprint, first_used_at) VALUES ('c1', '2026-03', 'f', 't')`

describe('migration 0017 (card status, held places in the month, the customer\'s SMS language)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades an older store: existing cards stay saved, existing uses counted, no SMS language yet; only the listed values are accepted', async () => {
    expect(at).toBeGreaterThan(0)
    const path = join(dir.path, 'old.sqlite')
    const old = await storeAtVersion({ path }, migrations.slice(0, at))
    await old.query(CUSTOMER)
    await old.query(CARD)
    await old.query(USE)
    await old.query(`PRAGMA user_version = ${at}`)
    await old.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name)[at]).toBe(NAME)
    expect(await ds.query(`SELECT id, status FROM card`)).toEqual([{ id: 'k1', status: 'saved' }])
    expect(await ds.query(`SELECT fingerprint, pending_payment FROM card_month_use`)).toEqual([{ fingerprint: 'f', pending_payment: null }])
    expect(await ds.query(`SELECT sms_locale FROM customer`)).toEqual([{ sms_locale: null }])
    await expect(ds.query(`UPDATE card SET status = 'gone' WHERE id = 'k1'`)).rejects.toThrow('CHECK constraint failed')
    await ds.query(`UPDATE card SET status = 'dropped', pan_sealed = 'k0:v1.none' WHERE id = 'k1'`)
    await expect(ds.query(`UPDATE customer SET sms_locale = 'de' WHERE id = 'c1'`)).rejects.toThrow('CHECK constraint failed')
    for (const l of ['kk', 'ru', 'en']) await ds.query(`UPDATE customer SET sms_locale = ? WHERE id = 'c1'`, [l])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0017 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades an older database: existing cards saved, uses counted; a status or language off the list is refused', async () => {
    db = await throwawayDatabase('teller_m0017')
    const old = await storeAtVersion({ url: db.url }, migrations.slice(0, at))
    await old.query(CUSTOMER)
    await old.query(CARD)
    await old.query(USE)
    await old.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)[at]).toBe(NAME)
    expect(await ds.query(`SELECT id, status FROM card`)).toEqual([{ id: 'k1', status: 'saved' }])
    expect(await ds.query(`SELECT pending_payment FROM card_month_use`)).toEqual([{ pending_payment: null }])
    await expect(ds.query(`UPDATE card SET status = 'gone'`)).rejects.toThrow('violates check constraint')
    await expect(ds.query(`UPDATE customer SET sms_locale = 'de'`)).rejects.toThrow('violates check constraint')
    await ds.query(`UPDATE customer SET sms_locale = 'kk'`)
  })
})
