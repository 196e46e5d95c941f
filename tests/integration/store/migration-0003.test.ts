import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { openStore } from '../../../src/main/store/data-source'
import { tempDir } from '../../support/temp-engine'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'

describe('migration 0003 (key ring, card vault, payments, fraud cases)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })

  async function withCustomer(name: string): Promise<DataSource> {
    ds = await openStore({ path: join(dir.path, name) })
    await ds.query(
      `INSERT INTO customer (id, legacy_phone, legacy_name, legacy_dob, password_hash, password_changed_at, created_at, updated_at) VALUES ('c1', '+77012345678', 'A', '1990-01-01', ?, 't', 't', 't')`,
      [HASH],
    )
    return ds
  }

  it('the card table refuses a PAN in clear, an unmasked number and a foreign issuer', async () => {
    const db = await withCustomer('cards.sqlite')
    const insert = (id: string, sealed: string, masked: string, country: string) =>
      db.query(
        `INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at)
         VALUES (?, 'c1', ?, ?, ?, 'visa', 12, 2029, ?, 1, 't')`,
        [id, `f${id}`, sealed, masked, country],
      )
    await insert('1', 'k1:v1.aa.bb.cc', '440043******1237', 'KZ')
    await expect(insert('2', '4400430000001237', '440043******1237', 'KZ')).rejects.toThrow(/CHECK constraint/)
    await expect(insert('3', 'k1:v1.aa.bb.cc', '4400430000001237', 'KZ')).rejects.toThrow(/CHECK constraint/)
    await expect(insert('4', 'k1:v1.aa.bb.cc', '411111******1111', 'US')).rejects.toThrow(/CHECK constraint/)
    await expect(db.query(`INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('5', 'nobody', 'f5', 'k1:v1.a', '440043******1237', 'visa', 1, 2029, 'KZ', 1, 't')`)).rejects.toThrow(/FOREIGN KEY/)
  })

  it('payments need a positive amount in KZT and a unique idempotency key; fraud cases a known kind', async () => {
    const db = await withCustomer('pay.sqlite')
    await db.query(`INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('k', 'c1', 'f', 'k1:v1.a', '440043******1237', 'visa', 12, 2029, 'KZ', 1, 't')`)
    const pay = (id: string, key: string, amount: number, currency = 'KZT') =>
      db.query(
        `INSERT INTO payment (id, idempotency_key, customer_id, card_id, provider_id, params, amount_tiyn, currency, state, workstation, created_at, updated_at)
         VALUES (?, ?, 'c1', 'k', 'kcell', '{}', ?, ?, 'pending', 'ws', 't', 't')`,
        [id, key, amount, currency],
      )
    await pay('p1', 'i1', 100)
    await expect(pay('p2', 'i1', 100)).rejects.toThrow(/UNIQUE constraint/)
    await expect(pay('p3', 'i3', 0)).rejects.toThrow(/CHECK constraint/)
    await expect(pay('p4', 'i4', 100, 'USD')).rejects.toThrow(/CHECK constraint/)
    await expect(db.query(`INSERT INTO fraud_case (id, customer_id, kind, status, created_at, updated_at) VALUES ('f', 'c1', 'rumour', 'open', 't', 't')`)).rejects.toThrow(/CHECK constraint/)
  })
})
