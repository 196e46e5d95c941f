import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEngine, STORE_FILE, type Engine } from '../../../src/main/app/composition-root'
import { openBranchStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { FAST_ARGON2, reopenEngine, tempDir } from '../../support/temp-engine'
import { SUPERVISOR } from '../../support/customers'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'
const PHONE = '+77012345678'
const PAYEE = '+77015550101'
const CLEAR = {
  blockReason: 'Stolen phone reported by Dana',
  refundReason: 'Double charge at the Kolsai kiosk',
  note: 'Card left at the Dostyk Plaza counter',
  account: '4417720936',
}
const SEALED = /^k1:v1\./
const T = '2026-03-10T03:59:00.000Z'

/** A version-11 store holding, in clear, everything migration 12 and the start step seal. */
async function fillVersion11(ds: DataSource, ph: (n: number) => string): Promise<void> {
  const q = (text: string, params: unknown[]) => ds.query(text.replace(/\?/g, (() => { let n = 0; return () => ph(++n) })()), params)
  await q(
    `INSERT INTO customer (id, legacy_phone, legacy_name, legacy_dob, password_hash, blocked, block_reason, password_changed_at, created_at, updated_at) VALUES ('c1', ?, 'Aruzhan Legacy', '1979-04-03', ?, ?, ?, 't', 't', 't')`,
    [PHONE, HASH, true, CLEAR.blockReason],
  )
  await q(`INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('k', 'c1', 'f', 'k1:v1.a', '440043******1237', 'visa', 12, 2029, 'KZ', ?, 't')`, [true])
  const pay = `INSERT INTO payment (id, idempotency_key, customer_id, card_id, provider_id, params, amount_tiyn, currency, state, host_ref, workstation, created_at, updated_at, refunded_at, refund_reason)
    VALUES (?, ?, 'c1', 'k', ?, ?, 150000, 'KZT', ?, 'h', 'ws', ?, ?, ?, ?)`
  await q(pay, ['p1', 'i1', 'kcell', JSON.stringify({ phone: PAYEE }), 'refunded', '2026-03-01T00:00:00.000Z', 't', 't', CLEAR.refundReason])
  await q(pay, ['p2', 'i2', 'kcell', JSON.stringify({ phone: PAYEE }), 'approved', '2026-03-02T00:00:00.000Z', 't', null, null])
  await q(pay, ['p3', 'i3', 'almaty-energo', JSON.stringify({ account: CLEAR.account }), 'approved', '2026-03-03T00:00:00.000Z', 't', null, null])
  await q(`INSERT INTO fraud_case (id, customer_id, payment_id, kind, status, created_at, updated_at) VALUES ('f1', 'c1', 'p2', 'other', 'open', 't', 't')`, [])
  await q(`INSERT INTO fraud_note (case_id, at, staff_id, text) VALUES ('f1', 't', NULL, ?)`, [CLEAR.note])
  await q(`INSERT INTO session_key (id, phone, purpose, code_mac, created_at, expires_at, state, used_at) VALUES ('s1', ?, 'verify', 'm', ?, ?, 'used', ?)`, [PHONE, T, T, T])
}

describe('migration 0013 (payment parameters, reasons, notes sealed; session-key phone and payee by keyed index)', () => {
  const dir = tempDir()
  let engine: Engine | null = null
  afterEach(async () => {
    await engine?.close()
    engine = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades a version-11 store: the start step seals every clear row, indexes phones and payees, and leaves no clear page', async () => {
    const path = join(dir.path, STORE_FILE)
    const v11 = await storeAtVersion({ path }, migrations.slice(0, 12))
    await fillVersion11(v11, () => '?')
    await v11.query('PRAGMA user_version = 11')
    await v11.destroy()

    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    engine = await reopenEngine(dir.path, clock)
    expect(await engine.ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const payments = (await engine.ds.query(`SELECT id, params, payee_index, refund_reason FROM payment ORDER BY id`)) as { id: string; params: string; payee_index: string; refund_reason: string | null }[]
    expect(payments.map((p) => [p.id, SEALED.test(p.params), /^[0-9a-f]{64}$/.test(p.payee_index)])).toEqual([['p1', true, true], ['p2', true, true], ['p3', true, true]])
    expect(payments[0]!.payee_index).toBe(payments[1]!.payee_index)
    expect(payments[0]!.refund_reason).toMatch(SEALED)
    expect(payments[1]!.refund_reason).toBeNull()
    expect(await engine.ds.query(`SELECT block_reason FROM customer`)).toEqual([{ block_reason: expect.stringMatching(SEALED) }])
    expect(await engine.ds.query(`SELECT text FROM fraud_note`)).toEqual([{ text: expect.stringMatching(SEALED) }])
    expect(await engine.ds.query(`SELECT phone_index FROM session_key`)).toEqual([{ phone_index: expect.stringMatching(/^[0-9a-f]{64}$/) }])

    // Everything still reads as before, through the engine.
    expect((await engine.payments.byPayee(PAYEE)).map((r) => [r.paymentId, r.params])).toEqual([['p2', { phone: PAYEE }], ['p1', { phone: PAYEE }]])
    expect((await engine.payments.byPayee(CLEAR.account)).map((r) => r.paymentId)).toEqual(['p3'])
    expect((await engine.fraud.list())[0]!.notes.map((n) => n.text)).toEqual([CLEAR.note])
    expect(await engine.customers.lockouts(SUPERVISOR, 'supervisor')).toMatchObject([{ phone: PHONE, kind: 'block', reason: CLEAR.blockReason }])
    expect(await engine.sessionKeys.verifiedUntil(PHONE)).not.toBeNull()
    await engine.close()
    engine = null

    const wal = `${path}-wal`
    const bytes = Buffer.concat([readFileSync(path), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)])
    for (const text of [PHONE, PAYEE, 'Aruzhan Legacy', ...Object.values(CLEAR)]) {
      expect(bytes.includes(Buffer.from(text)), text).toBe(false)
    }
  })

  it('resumes an interrupted sealing: sealed rows are kept as they are, the rest are sealed at the next start', async () => {
    engine = await reopenEngine(dir.path, new FakeClock('2026-03-10T04:00:00.000Z'))
    // As if the process had died after the first batch: two payments back in clear.
    const [p1] = (await engine.ds.query(`SELECT params FROM payment WHERE id = 'p1'`)) as { params: string }[]
    await engine.ds.query(`UPDATE payment SET params = ?, payee_index = NULL WHERE id IN ('p2', 'p3')`, [JSON.stringify({ phone: PAYEE })])
    expect(await engine.atRest.sealBatch('payment.params', 1)).toBe(1)
    expect(await engine.ds.query(`SELECT id FROM payment WHERE payee_index IS NULL`)).toEqual([{ id: 'p3' }])
    await engine.close()
    engine = await reopenEngine(dir.path, new FakeClock('2026-03-10T04:00:00.000Z'))
    expect(await engine.ds.query(`SELECT id FROM payment WHERE payee_index IS NULL OR params NOT LIKE 'k1:v1.%'`)).toEqual([])
    expect(await engine.ds.query(`SELECT params FROM payment WHERE id = 'p1'`)).toEqual([{ params: p1!.params }])
    expect((await engine.payments.byPayee(PAYEE)).map((r) => r.paymentId)).toEqual(['p3', 'p2', 'p1'])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0013 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a version-11 database: rows kept for the start step, sealed values fit, the payee index exists', async () => {
    db = await throwawayDatabase('teller_m0013')
    const v11 = await storeAtVersion({ url: db.url }, migrations.slice(0, 12))
    await fillVersion11(v11, (n) => `$${n}`)
    await v11.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)[12]).toBe('SealedFields1764000000013')
    expect(await ds.query(`SELECT phone_index FROM session_key`)).toEqual([{ phone_index: PHONE }])
    expect(await ds.query(`SELECT text FROM fraud_note`)).toEqual([{ text: CLEAR.note }])
    const types = (await ds.query(
      `SELECT table_name || '.' || column_name AS c, data_type, character_maximum_length AS len FROM information_schema.columns
        WHERE table_schema = current_schema() AND (table_name, column_name) IN (('session_key','phone_index'),('payment','payee_index'),('payment','refund_reason'),('customer','block_reason'),('fraud_note','text'),('payment','params'))
        ORDER BY 1`,
    )) as { c: string; data_type: string; len: number | null }[]
    expect(types).toEqual([
      { c: 'customer.block_reason', data_type: 'text', len: null },
      { c: 'fraud_note.text', data_type: 'text', len: null },
      { c: 'payment.params', data_type: 'text', len: null },
      { c: 'payment.payee_index', data_type: 'character varying', len: 64 },
      { c: 'payment.refund_reason', data_type: 'text', len: null },
      { c: 'session_key.phone_index', data_type: 'character varying', len: 64 },
    ])
    // A 2000-character note sealed is longer than 2000 characters: it must fit.
    await ds.query(`UPDATE fraud_note SET text = $1`, [`k1:v1.${'A'.repeat(2800)}`])
    expect(await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'payment' AND indexname = 'idx_payment_payee'`)).toEqual([{ indexname: 'idx_payment_payee' }])
    await ds.query(`UPDATE fraud_note SET text = $1`, [CLEAR.note])
  })

  it('the engine seals the clear rows at start on the branch database, and re-seals them after a data-key rotation', async () => {
    await ds?.destroy()
    ds = null
    const dir = tempDir()
    const engine = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws-pg', idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: db!.url }, keyMode: { mode: 'passphrase', passphrase: 'branch passphrase for the tests' },
      },
      clock: new FakeClock('2026-03-10T04:00:00.000Z'),
      argon2: FAST_ARGON2,
    })
    try {
      const sealed = async () =>
        (await engine.ds.query(`SELECT (SELECT array_agg(params) FROM payment) || (SELECT array_agg(refund_reason) FROM payment WHERE refund_reason IS NOT NULL)
          || (SELECT array_agg(block_reason) FROM customer) || (SELECT array_agg(text) FROM fraud_note) AS v`)) as { v: string[] }[]
      expect((await sealed())[0]!.v.map((v) => v.slice(0, 6))).toEqual(Array(6).fill('k1:v1.'))
      expect(await engine.ds.query(`SELECT count(*)::int AS n FROM payment WHERE payee_index IS NULL`)).toEqual([{ n: 0 }])
      expect(await engine.ds.query(`SELECT phone_index ~ '^[0-9a-f]{64}$' AS indexed FROM session_key`)).toEqual([{ indexed: true }])
      expect((await engine.payments.byPayee(PAYEE)).map((r) => r.paymentId)).toEqual(['p2', 'p1'])
      expect(await engine.sessionKeys.verifiedUntil(PHONE)).not.toBeNull()
      await engine.keys.rotateDataKey()
      let n = 0
      for (let k = await engine.atRest.reencryptBatch(); k > 0; k = await engine.atRest.reencryptBatch()) n += k
      expect(n).toBe(6)
      expect((await sealed())[0]!.v.map((v) => v.slice(0, 6))).toEqual(Array(6).fill('k2:v1.'))
      expect((await engine.fraud.list())[0]!.notes.map((x) => x.text)).toEqual([CLEAR.note])
    } finally {
      await engine.close()
      dir.cleanup()
    }
  })
})
