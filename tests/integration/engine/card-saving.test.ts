import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { PaymentCustomer, StartPayment } from '../../../src/main/engine/payments/payment.service'
import { HostTimeoutError, type AuthorizeRequest, type AuthorizeResult, type PaymentHost } from '../../../src/main/engine/payments/payment-host'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY, luhnComplete } from '../../support/cards'

const PHONE = '+77012345678'
const SEC = 1000

/**
 * The card host is outside the bank: the simulator, behind a gate the test opens. `hold` keeps
 * authorisations waiting; `lose` makes them time out with the host not saying yet (pending).
 */
class GatedHost implements PaymentHost {
  readonly sim = new SimulatorHost()
  hold = false
  lose = false
  /** The request never reaches the host: it times out and the host has no record of it. */
  drop = false
  private waiting: (() => void)[] = []
  authorized = 0

  async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    if (this.hold) await new Promise<void>((r) => this.waiting.push(r))
    if (this.drop) throw new HostTimeoutError()
    const result = await this.sim.authorize(req)
    this.authorized++
    if (this.lose) throw new HostTimeoutError()
    return result
  }

  async status(key: string): Promise<AuthorizeResult | null> {
    return this.lose ? Promise.reject(new HostTimeoutError()) : this.sim.status(key)
  }

  refund(req: { idempotencyKey: string; hostRef: string; amountTiyn: number }) {
    return this.sim.refund(req)
  }

  release(): void {
    for (const r of this.waiting.splice(0)) r()
  }

  get held(): number {
    return this.waiting.length
  }
}

function cardSavingTests(open: (host: PaymentHost) => Promise<TestEngine>, pg: boolean) {
  let t: TestEngine
  let host: GatedHost
  let me: PaymentCustomer
  afterEach(async () => t?.close())
  const setup = async () => {
    host = new GatedHost()
    t = await open(host)
    me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
  }
  const q = async (sql: string, params: unknown[] = []) =>
    (await t.engine.ds.query(pg ? sql.replace(/\?/g, () => `$${++n}`) : sql, params)) as Record<string, unknown>[]
  let n = 0
  const sql = async (text: string, params: unknown[] = []) => {
    n = 0
    return q(text, params)
  }
  const newCard = (pan: string): StartPayment => ({ providerId: 'kcell', params: { phone: '+7 701 234 56 78' }, amountTiyn: 250_000, card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV } })
  const start = async (pan: string) => {
    t.clock.advance(61 * SEC)
    const intent = await t.engine.payments.start(me, newCard(pan), TELLER)
    return { intent, code: lastCode(t, PHONE) }
  }
  const pay = async (pan: string) => {
    const { intent, code } = await start(pan)
    return t.engine.payments.confirm(me, intent.intentId, code, TELLER)
  }
  /** Cards still holding a PAN sealed under a real key (k1, k2...). */
  const sealedPans = async () => (await sql(`SELECT id FROM card WHERE customer_id = ? AND pan_sealed LIKE 'k1:%'`, [me.customerId])).length
  const counted = async () => Number((await sql(`SELECT COUNT(*) AS n FROM card_month_use WHERE customer_id = ?`, [me.customerId]))[0]!.n)

  it('S14/S16: a declined first payment leaves no stored PAN, not even sealed, and uses none of the 3 cards of the month', async () => {
    await setup()
    await expect(pay(CARDS.decline)).resolves.toMatchObject({ state: 'declined' })
    expect(await sealedPans()).toBe(0)
    expect(await t.engine.payments.cards(me.customerId)).toEqual([])
    expect(await counted()).toBe(0)
    // The quota is whole: three other cards this month are accepted.
    for (const pan of [CARDS.approve, CARDS.mastercard, CARDS.notEnrolled]) await expect(pay(pan)).resolves.toMatchObject({ state: 'approved' })
    expect(await t.engine.payments.cards(me.customerId)).toHaveLength(3)
    expect(await counted()).toBe(3)
    // The declined payment is still in the history, by its masked number.
    expect((await t.engine.payments.history(me.customerId)).map((p) => p.cardMasked)).toContain('440043******1235')
  })

  it('S14/S16: a payment pending at the host keeps its card sealed, unlisted and uncounted until the host approves it', async () => {
    await setup()
    host.lose = true
    await expect(pay(CARDS.approve)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
    expect(await sealedPans()).toBe(1)
    expect(await t.engine.payments.cards(me.customerId)).toEqual([])
    expect(await sql(`SELECT fingerprint FROM card_month_use WHERE customer_id = ? AND pending_payment IS NULL`, [me.customerId])).toEqual([])
    host.lose = false
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    expect(await t.engine.payments.cards(me.customerId)).toEqual([expect.objectContaining({ masked: '440043******1237' })])
    expect(await sql(`SELECT fingerprint FROM card_month_use WHERE customer_id = ? AND pending_payment IS NULL`, [me.customerId])).toHaveLength(1)
  })

  it('S14/S16: a pending first payment the host never saw drops its sealed PAN and frees its place in the month', async () => {
    await setup()
    host.drop = true
    await expect(pay(CARDS.approve)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
    expect(await sealedPans()).toBe(1)
    host.drop = false
    t.clock.advance(25 * 3600 * SEC)
    expect(await t.engine.payments.reconcilePending()).toBe(1)
    expect(await sealedPans()).toBe(0)
    expect(await counted()).toBe(0)
    expect(await t.engine.payments.cards(me.customerId)).toEqual([])
  })

  it('S15.3 exact: 4 first payments at the host at once for a customer with 2 cards this month end with exactly 3 cards', async () => {
    await setup()
    await pay(CARDS.approve)
    await pay(CARDS.mastercard)
    host.hold = true
    const pans = [CARDS.notEnrolled, luhnComplete('440043990000123'), luhnComplete('440043990000456'), luhnComplete('440043990000789')]
    const outcomes: Promise<unknown>[] = []
    for (const pan of pans) {
      try {
        const { intent, code } = await start(pan)
        outcomes.push(t.engine.payments.confirm(me, intent.intentId, code, TELLER).then((r) => r.state, (e: { code?: string }) => e.code))
      } catch (e) {
        outcomes.push(Promise.resolve((e as { code?: string }).code))
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    host.hold = false
    host.release()
    const results = await Promise.all(outcomes)
    expect(results.filter((r) => r === 'approved')).toHaveLength(1)
    expect(results.filter((r) => r === ErrorCode.CARD_LIMIT_REACHED)).toHaveLength(3)
    expect(await t.engine.payments.cards(me.customerId)).toHaveLength(3)
    expect(await counted()).toBe(3)
    expect(await sealedPans()).toBe(3)
  })
}

describe('cards are saved and counted only after an approved authorisation (S14-S16), SQLite', () => {
  cardSavingTests((host) => startTestEngine({}, { paymentHost: host }), false)
})

describe.skipIf(!adminPgUrl)('cards are saved and counted only after an approved authorisation (S14-S16), PostgreSQL', () => {
  cardSavingTests(async (host) => {
    const db = await throwawayDatabase('teller_cards')
    return startTestEngine({ database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: 'card saving on the branch store' } }, { paymentHost: host })
  }, true)
})
