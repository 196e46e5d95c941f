import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const at = migrations.findIndex((m) => m.name === 'ReceiptPrints1764000000012')

describe('migration 0012 (payment.receipt_prints: reprints are duplicates)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades the previous version: existing payments start at 0 prints, so their next receipt is the original', async () => {
    const path = join(dir.path, 'prev.sqlite')
    const prev = await storeAtVersion({ path }, migrations.slice(0, at))
    // A payment row alone is enough here: its customer and card are beside the point of this migration.
    await prev.query('PRAGMA foreign_keys = OFF')
    await prev.query(
      `INSERT INTO payment (id, idempotency_key, customer_id, card_id, provider_id, params, amount_tiyn, currency, state, workstation, created_at, updated_at)
       VALUES ('p1', 'k1', 'c1', 'card1', 'kcell', '{}', 100000, 'KZT', 'approved', 'ws', 't', 't')`,
    )
    await prev.query(`PRAGMA user_version = ${at}`)
    await prev.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    expect(await ds.query(`SELECT id, receipt_prints FROM payment`)).toEqual([{ id: 'p1', receipt_prints: 0 }])
    await expect(ds.query(`UPDATE payment SET receipt_prints = NULL`)).rejects.toThrow('NOT NULL constraint failed')
  })
})
