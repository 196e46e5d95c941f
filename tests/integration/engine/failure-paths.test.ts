import { rmSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { contract } from '../../../src/shared/ipc/contract'
import { Channel } from '../../../src/shared/ipc/channels'
import { PaymentEntity } from '../../../src/main/store/entities/payment.entity'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import type { AuthorizeRequest, AuthorizeResult } from '../../../src/main/engine/payments/payment-host'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'

/** A host that charges, then loses the reply with a connection reset; its status line can fail too. */
class FlakyHost extends SimulatorHost {
  resetAfterCharge = true
  statusDown = false
  override async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    const r = await super.authorize(req)
    if (this.resetAfterCharge) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    return r
  }
  private held: Promise<void> | null = null
  /** The next status call waits until the returned function is called (a slow host, one round late). */
  holdNextStatus(): () => void {
    let release!: () => void
    this.held = new Promise((ok) => (release = ok))
    return release
  }
  override async status(key: string): Promise<AuthorizeResult | null> {
    if (this.statusDown) throw new Error('host unreachable')
    const held = this.held
    this.held = null
    if (held) await held
    return super.status(key)
  }
}

describe('failure paths: crashes, lost replies and races never break S11, S15 or charge twice', () => {
  let t: TestEngine
  let host: FlakyHost
  let me: { customerId: string; phone: string }
  beforeEach(async () => {
    host = new FlakyHost()
    t = await startTestEngine({}, { paymentHost: host })
    me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
  })
  afterEach(async () => t.close())

  it('S11: the attempt that fills the count locks before its password is checked, so a crash mid-check still leaves a timed lock', async () => {
    await expect(t.engine.customers.signIn(PHONE, 'wrong-1x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 2 } })
    await expect(t.engine.customers.signIn(PHONE, 'wrong-2x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 1 } })
    vi.spyOn(t.engine.hasher, 'verify').mockRejectedValueOnce(new Error('process died here'))
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).rejects.toThrow('process died here')
    const until = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString()
    expect(await t.engine.customers.lockouts(SUPERVISOR, 'supervisor')).toEqual([expect.objectContaining({ phone: PHONE, kind: 'lockout', until })])
    t.clock.advance(15 * 60_000)
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).resolves.toMatchObject({ phone: PHONE })
  })

  it('S11: a right password as the third attempt lifts its own provisional lock', async () => {
    await expect(t.engine.customers.signIn(PHONE, 'wrong-1x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 2 } })
    await expect(t.engine.customers.signIn(PHONE, 'wrong-2x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 1 } })
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).resolves.toMatchObject({ phone: PHONE })
    expect(await t.engine.customers.lockouts(SUPERVISOR, 'supervisor')).toEqual([])
    // Review F6: the trail says the lockout it shows was lifted by that right password.
    const last = (await t.engine.ds.query(`SELECT action, outcome, details FROM audit_event WHERE action IN ('customer.lockout', 'customer.signIn') ORDER BY seq DESC LIMIT 2`)) as { action: string; outcome: string; details: string }[]
    expect(last.map((e) => [e.action, e.outcome, JSON.parse(e.details) as unknown])).toEqual([
      ['customer.signIn', 'success', { attempt: 3, lockLifted: true }],
      ['customer.lockout', 'success', expect.objectContaining({ attempts: 3 })],
    ])
  })

  it('a reset after the host charged: settled from the host by idempotency key, charged once', async () => {
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)).resolves.toMatchObject({ state: 'approved' })
    expect(host.chargesFor(intent.intentId)).toBe(1)
  })

  it('host unreachable after charging: PAYMENT_PENDING, never re-sent; settled when the host answers, kept pending while it cannot', async () => {
    host.statusDown = true
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
    t.clock.advance(2 * 24 * 3600_000)
    expect(await t.engine.payments.reconcilePending()).toBe(0)
    expect((await t.engine.ds.getRepository(PaymentEntity).findOneByOrFail({ idempotencyKey: intent.intentId })).state).toBe('pending')
    host.statusDown = false
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    expect((await t.engine.ds.getRepository(PaymentEntity).findOneByOrFail({ idempotencyKey: intent.intentId })).state).toBe('approved')
    expect(host.chargesFor(intent.intentId)).toBe(1)
  })

  it('start-up does not wait for a card host that does not answer: pending payments are settled in the background', async () => {
    host.statusDown = true
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
    await t.engine.close()
    host.statusDown = false
    const release = host.holdNextStatus()
    const started = Date.now()
    const again = await reopenEngine(t.dataDir, t.clock, { paymentHost: host })
    t.close = async () => {
      await again.close()
      rmSync(t.dataDir, { recursive: true, force: true })
    }
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await again.ds.getRepository(PaymentEntity).findOneByOrFail({ idempotencyKey: intent.intentId })).state).toBe('pending')
    release()
    await vi.waitFor(async () => expect((await again.ds.getRepository(PaymentEntity).findOneByOrFail({ idempotencyKey: intent.intentId })).state).toBe('approved'))
  })

  it('a reconciliation round that answers late never undoes a refund made meanwhile', async () => {
    host.statusDown = true
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
    host.statusDown = false
    const release = host.holdNextStatus()
    const slowRound = t.engine.payments.reconcilePending()
    await new Promise((r) => setTimeout(r, 20))
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    const payment = await t.engine.ds.getRepository(PaymentEntity).findOneByOrFail({ idempotencyKey: intent.intentId })
    await expect(t.engine.payments.refund(payment.id, 'S18 refund', SUPERVISOR, 's18-3ds-bypass')).resolves.toMatchObject({ state: 'refunded' })
    release()
    await slowRound
    expect((await t.engine.ds.getRepository(PaymentEntity).findOneByOrFail({ id: payment.id })).state).toBe('refunded')
    expect(host.chargesFor(intent.intentId)).toBe(1)
  })

  it('two supervisors refunding at once: one refund, one audit entry', async () => {
    host.resetAfterCharge = false
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)
    const receipt = await t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
    const both = await Promise.allSettled([
      t.engine.payments.refund(receipt.paymentId, 'S18 refund', SUPERVISOR, 's18-3ds-bypass'),
      t.engine.payments.refund(receipt.paymentId, 'S18 refund', SUPERVISOR, 's18-3ds-bypass'),
    ])
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((await t.engine.auditReview.search({ action: 'payment.refund' }, null)).rows).toHaveLength(1)
    expect(host.refunds.size).toBe(1)
  })

  it('refuses card numbers shorter than 16 digits (masking would leave too few digits hidden)', async () => {
    await expect(
      t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: '440043000000127', expiry: EXPIRY, cvv: CVV } }, TELLER),
    ).rejects.toMatchObject({ code: ErrorCode.CARD_INVALID })
  })

  it('two first-run windows creating the first supervisor at once: exactly one succeeds', async () => {
    const input = { login: 'chief', displayName: 'Chief', password: 'Chief-Password-2026' }
    const both = await Promise.allSettled([
      t.engine.staff.bootstrap(input, { staffId: null, workstation: 'a' }),
      t.engine.staff.bootstrap({ ...input, login: 'chief2' }, { staffId: null, workstation: 'b' }),
    ])
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await t.engine.staff.count()).toBe(1)
  })

  it('audit date filters refuse impossible calendar dates instead of rolling them over', () => {
    const parse = (from: string) => contract[Channel.AuditSearch].request.safeParse({ filters: { from } })
    expect(parse('2024-02-29').success).toBe(true)
    expect(parse('2024-02-30').success).toBe(false)
    expect(parse('2024-13-01').success).toBe(false)
  })
})
