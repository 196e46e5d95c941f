import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER, registeredName } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

/**
 * Fault matrix, row "SQLite full": the real store is capped with PRAGMA max_page_count and filled,
 * so the next write that needs a new page fails with SQLITE_FULL. Every refusal must be
 * STORAGE_FULL with its plain words, leave nothing of the refused step behind, keep every row
 * committed before, and the next operation must work once space is back.
 */
const FULL = { code: 'STORAGE_FULL', message: 'Storage is full: call support.' }
const TABLES = ['customer', 'session_key', 'audit_event', 'payment', 'card', 'sms_message'] as const
type Counts = Record<(typeof TABLES)[number], number>

async function counts(ds: DataSource): Promise<Counts> {
  const out = {} as Counts
  for (const t of TABLES) out[t] = Number(((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`)) as { n: number }[])[0]!.n)
  return out
}

/** Caps the file a few pages above its size and fills those pages: the store is now full. */
async function fill(ds: DataSource, blob = 1500): Promise<void> {
  await ds.query('CREATE TABLE IF NOT EXISTS test_filler (b BLOB)')
  const pages = Number(((await ds.query('PRAGMA page_count')) as { page_count: number }[])[0]!.page_count)
  await ds.query(`PRAGMA max_page_count = ${pages + 8}`)
  for (let i = 0; i < 2000; i++) {
    try {
      await ds.query(`INSERT INTO test_filler VALUES (randomblob(${blob}))`)
    } catch (e) {
      expect(String(e)).toContain('SQLITE_FULL')
      return
    }
  }
  throw new Error('the store never filled up')
}

const spaceIsBack = (ds: DataSource) => ds.query('PRAGMA max_page_count = 1073741823')

/** Runs steps until one is refused; checks the refused step left the tables exactly as they were. */
async function untilRefused(ds: DataSource, step: (i: number) => Promise<unknown>): Promise<{ i: number; error: unknown; before: Counts }> {
  for (let i = 0; i < 200; i++) {
    const before = await counts(ds)
    try {
      await step(i)
    } catch (error) {
      return { i, error, before }
    }
  }
  throw new Error('no step was refused on a full store')
}

describe('fault: SQLite full (SQLITE_FULL) during registration, payment confirm and audit append', () => {
  let t: TestEngine
  let host: SimulatorHost
  beforeEach(async () => {
    host = new SimulatorHost()
    t = await startTestEngine({}, { paymentHost: host })
  })
  afterEach(async () => t.close())

  it('registration: refused with STORAGE_FULL at whichever step, no customer without its event, every committed row kept, works again once space is back', async () => {
    const c = t.engine.customers
    const firstId = await registerCustomer(t, '+77010000001', 'qwerty1!')
    // Each registration step on its own: the refused one is compared with the tables before it.
    const steps = (p: string) => [
      () => c.sendKey(p, 'verify', TELLER),
      () => c.confirmVerification(p, lastCode(t, p), TELLER),
      () => c.sendKey(p, 'register', TELLER),
      () => c.register({ phone: p, name: 'Full Disk', dateOfBirth: '1990-05-17', password: 'qwerty1!', code: lastCode(t, p) }, TELLER),
    ]
    const refusedAt = new Set<number>()
    let n = 0
    const check = async (refused: { error: unknown; before: Counts }) => {
      expect(refused.error).toMatchObject(FULL)
      const after = await counts(t.engine.ds)
      expect(after.customer).toBe(refused.before.customer)
      const registered = (await t.engine.ds.query(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'customer.register'`)) as { n: number }[]
      expect(Number(registered[0]!.n)).toBe(after.customer)
      expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
      expect(await registeredName(t.engine, '+77010000001')).toBe('Aruzhan Test')
    }
    // Filled with rows of different sizes, so the store runs out at different steps of a registration.
    for (const blob of [3000, 900, 300, 120]) {
      await fill(t.engine.ds, blob)
      let step = 0
      const refused = await untilRefused(t.engine.ds, async () => {
        const p = `+770100${String(1000 + n++).padStart(5, '0')}`
        for (const [i, s] of steps(p).entries()) {
          step = i
          t.clock.advance(1000)
          await s()
        }
      })
      refusedAt.add(step)
      await check(refused)
      await spaceIsBack(t.engine.ds)
    }
    // The last step alone, the store filled just before it, with 0..k audit events squeezed in so
    // the space runs out at a different statement of the registration each time.
    for (let k = 0; k < 12; k++) {
      const p = `+770100${String(1000 + n++).padStart(5, '0')}`
      const all = steps(p)
      for (const s of all.slice(0, 3)) await s()
      await fill(t.engine.ds, 40)
      for (let j = 0; j < k; j++) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.pad', outcome: 'success' }).catch(() => undefined)
      const before = await counts(t.engine.ds)
      const error = await all[3]!().then(() => null, (e: unknown) => e)
      if (error) {
        refusedAt.add(3)
        await check({ error, before })
        // The key was not spent by the refused registration: the customer's same key registers once space is back.
        await spaceIsBack(t.engine.ds)
        await all[3]!()
        expect(await registeredName(t.engine, p)).toBe('Full Disk')
      }
      await spaceIsBack(t.engine.ds)
    }
    expect(refusedAt.size).toBeGreaterThan(1)
    expect((await c.signIn('+77010000001', 'qwerty1!', TELLER)).id).toBe(firstId)
    const before = await counts(t.engine.ds)
    const p = `+77010009999`
    for (const s of steps(p)) await s()
    expect(await registeredName(t.engine, p)).not.toBeNull()
    expect((await counts(t.engine.ds)).customer).toBe(before.customer + 1)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('payment confirm: refused with STORAGE_FULL, never charged without a payment row, charged once, settled once space is back', async () => {
    const phone = '+77010000002'
    const me = { customerId: await registerCustomer(t, phone, 'qwerty1!'), phone }
    await fill(t.engine.ds)
    const intents: string[] = []
    const refused = await untilRefused(t.engine.ds, async () => {
      t.clock.advance(13 * 60_000) // past the resend cooldown and the hourly cap of confirmation keys
      const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
      intents.push(intent.intentId)
      await t.engine.payments.confirm(me, intent.intentId, lastCode(t, phone), TELLER)
    })
    expect(refused.error).toMatchObject(FULL)
    const payments = (await t.engine.ds.query('SELECT idempotency_key AS k, state FROM payment')) as { k: string; state: string }[]
    // Every charge the host made has its payment row; none was charged twice.
    for (const k of intents) {
      expect(host.chargesFor(k)).toBeLessThanOrEqual(1)
      if (host.chargesFor(k) === 1) expect(payments.map((r) => r.k)).toContain(k)
    }
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })

    await spaceIsBack(t.engine.ds)
    await t.engine.payments.reconcilePending()
    const settled = (await t.engine.ds.query('SELECT idempotency_key AS k, state FROM payment')) as { k: string; state: string }[]
    for (const r of settled) expect(r.state).toBe('approved')
    for (const r of settled) expect(host.chargesFor(r.k)).toBe(1)
    t.clock.advance(13 * 60_000)
    const again = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, again.intentId, lastCode(t, phone), TELLER)).resolves.toMatchObject({ state: 'approved' })
  })

  it('payment confirm: at whichever statement the store fills, the key is never spent without its audit event and its pending payment, no payment settles without its event; the same key works once space is back', async () => {
    const phone = '+77010000003'
    const me = { customerId: await registerCustomer(t, phone, 'qwerty1!'), phone }
    const n = async (q: string) => Number(((await t.engine.ds.query(q)) as { n: number }[])[0]!.n)
    const invariants = async () => {
      const spent = await n(`SELECT COUNT(*) AS n FROM session_key WHERE purpose = 'transaction' AND state = 'used'`)
      const spentEvents = await n(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'sessionKey.confirm' AND outcome = 'success' AND details LIKE '%"purpose":"transaction"%'`)
      const paymentsMade = await n('SELECT COUNT(*) AS n FROM payment')
      const settledPayments = await n(`SELECT COUNT(*) AS n FROM payment WHERE state <> 'pending'`)
      const settledEvents = await n(`SELECT COUNT(*) AS n FROM audit_event WHERE action IN ('payment.authorize', 'payment.settle')`)
      expect({ spentEvents, paymentsMade, settledEvents }).toEqual({ spentEvents: spent, paymentsMade: spent, settledEvents: settledPayments })
      expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
    }
    const pay = async () => {
      t.clock.advance(13 * 60_000)
      const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
      return { id: intent.intentId, code: lastCode(t, phone) }
    }
    let refusals = 0
    // The store filled just before the confirm, then 0..k small audit events squeezed in, so the
    // space runs out at a different statement of the confirm each time.
    for (let k = 0; k < 16; k++) {
      const intent = await pay()
      await fill(t.engine.ds, 40)
      for (let j = 0; j < k; j++) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.pad', outcome: 'success' }).catch(() => undefined)
      const error = await t.engine.payments.confirm(me, intent.id, intent.code, TELLER).then(() => null, (e: unknown) => e)
      if (error) {
        refusals++
        expect(error).toMatchObject(FULL)
        await invariants()
      }
      await spaceIsBack(t.engine.ds)
      if (error && !(error as { details?: { settling?: boolean } }).details?.settling) {
        // Nothing was spent: the customer's same key confirms the same payment now.
        await expect(t.engine.payments.confirm(me, intent.id, intent.code, TELLER)).resolves.toMatchObject({ state: 'approved' })
      }
      await t.engine.payments.reconcilePending()
      await invariants()
    }
    expect(refusals).toBeGreaterThan(2)
  })

  it('audit append: refused with STORAGE_FULL, the chain keeps every event and verifies, appends work again once space is back', async () => {
    for (let i = 0; i < 5; i++) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.event', outcome: 'success', details: { i } })
    await fill(t.engine.ds)
    const refused = await untilRefused(t.engine.ds, (i) =>
      t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.event', outcome: 'success', details: { i, pad: 'x'.repeat(200) } }),
    )
    expect(refused.error).toMatchObject(FULL)
    expect(await counts(t.engine.ds)).toEqual(refused.before)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: refused.before.audit_event })
    await spaceIsBack(t.engine.ds)
    await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.event', outcome: 'success' })
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: refused.before.audit_event + 1 })
  })
})
