import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import type { AuthorizeRequest, AuthorizeResult } from '../../../src/main/engine/payments/payment-host'
import { ErrorCode } from '../../../src/shared/errors'
import { CARDS, CVV, EXPIRY } from '../../support/cards'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

// Issue 14: the background settlement of pending payments is in the trail, whichever way it ends:
// settled from the host's record, or given up a day later when the host never saw the payment.

const PHONE = '+77012345678'

/** A host whose line drops before the request reaches it (`never`), or after it charged (`after`). */
class LossyHost extends SimulatorHost {
  lose: 'never' | 'after' = 'never'
  statusDown = false
  override async status(key: string): Promise<AuthorizeResult | null> {
    if (this.statusDown) throw new Error('host unreachable')
    return super.status(key)
  }
  override async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    if (this.lose === 'never') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    await super.authorize(req)
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
  }
}

describe('background settlement is audited (issue 14)', () => {
  let t: TestEngine
  let host: LossyHost
  let me: { customerId: string; phone: string }
  beforeEach(async () => {
    host = new LossyHost()
    t = await startTestEngine({}, { paymentHost: host })
    me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
  })
  afterEach(async () => t.close())

  const pay = async () => {
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
  }
  const settles = async () =>
    ((await t.engine.ds.query(`SELECT outcome, workstation, details FROM audit_event WHERE action = 'payment.settle' ORDER BY seq`)) as { outcome: string; workstation: string; details: string }[]).map((r) => ({
      outcome: r.outcome,
      workstation: r.workstation,
      ...(JSON.parse(r.details) as Record<string, unknown>),
    }))

  it('a payment the host never saw, given up after a day, leaves a settle event', async () => {
    await pay()
    t.clock.advance(2 * 24 * 3600_000)
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    expect(await settles()).toEqual([{ outcome: 'failure', workstation: TELLER.workstation, paymentId: expect.any(String), state: 'failed', from: 'host-never-received' }])
  })

  it('a payment the host charged, settled from its record, leaves a settle event', async () => {
    host.lose = 'after'
    host.statusDown = true
    await pay()
    host.statusDown = false
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    expect(await settles()).toEqual([{ outcome: 'success', workstation: TELLER.workstation, paymentId: expect.any(String), state: 'approved', from: 'host-status' }])
  })
})
