import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PaymentCustomer, StartPayment } from '../../../src/main/engine/payments/payment.service'
import { throwawayDatabase } from '../../support/pg-database'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const ANNA = '+77012345678'
const BOLAT = '+77071234567'
const MASKED = {
  [CARDS.approve]: '440043******1237',
  [CARDS.bypass]: '440043******1236',
  [CARDS.mastercard]: '516930******4564',
  [CARDS.notEnrolled]: '440043******1233',
} as Record<string, string>

/** Branch mode as well (scripts/with-postgres sets it): the joins are written once for both databases. */
const pgUrl = process.env.TELLER_TEST_PG_URL

async function startOnPostgres(): Promise<TestEngine> {
  const db = await throwawayDatabase('teller_lists')
  return startTestEngine({ database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: 'payment lists on the branch store' } })
}

describe('payment and fraud lists on SQLite: one query per list, each row with its own card and customer', () => listTests(() => startTestEngine()))
describe.skipIf(!pgUrl)('payment and fraud lists on PostgreSQL: one query per list, each row with its own card and customer', () => listTests(startOnPostgres))

function listTests(start: () => Promise<TestEngine>): void {
  let t: TestEngine
  let anna: PaymentCustomer
  let bolat: PaymentCustomer
  beforeEach(async () => {
    t = await start()
    anna = { customerId: await registerCustomer(t, ANNA, 'qwerty1!'), phone: ANNA }
    bolat = { customerId: await registerCustomer(t, BOLAT, 'qwerty1!'), phone: BOLAT }
  })
  afterEach(async () => t.close())

  async function pay(who: PaymentCustomer, card: StartPayment['card'], amountTiyn: number) {
    const intent = await t.engine.payments.start(who, { providerId: 'kcell', params: { phone: ANNA }, amountTiyn, card }, TELLER)
    const receipt = await t.engine.payments.confirm(who, intent.intentId, lastCode(t, who.phone), TELLER)
    t.clock.advance(61_000)
    return receipt
  }
  const newCard = (pan: string): StartPayment['card'] => ({ kind: 'new', pan, expiry: EXPIRY, cvv: CVV })

  /** Statements the store runs while `work` runs. */
  async function queriesDuring<T>(work: () => Promise<T>): Promise<{ value: T; queries: number }> {
    const spy = vi.spyOn(t.engine.ds.logger, 'logQuery')
    try {
      const value = await work()
      return { value, queries: spy.mock.calls.length }
    } finally {
      spy.mockRestore()
    }
  }

  it('history of several cards: newest first, each receipt with its card, in one query', async () => {
    const paid: { pan: string; amountTiyn: number }[] = []
    for (const [i, pan] of [CARDS.approve, CARDS.mastercard, CARDS.notEnrolled].entries()) {
      await pay(anna, newCard(pan), 100_000 + i)
      paid.push({ pan, amountTiyn: 100_000 + i })
    }
    const saved = await t.engine.payments.cards(anna.customerId)
    for (const [i, card] of saved.entries()) {
      await pay(anna, { kind: 'saved', cardId: card.id }, 200_000 + i)
      paid.push({ pan: Object.keys(MASKED).find((pan) => MASKED[pan] === card.masked)!, amountTiyn: 200_000 + i })
    }
    await pay(bolat, newCard(CARDS.bypass), 300_000)

    const { value: history, queries } = await queriesDuring(() => t.engine.payments.history(anna.customerId))
    expect(queries).toBe(1)
    expect(history.map((r) => ({ amountTiyn: r.amountTiyn, cardMasked: r.cardMasked, customerPhone: r.customerPhone }))).toEqual(
      paid.reverse().map((p) => ({ amountTiyn: p.amountTiyn, cardMasked: MASKED[p.pan], customerPhone: ANNA })),
    )
    expect(new Set(history.map((r) => r.brand))).toEqual(new Set(['visa', 'mastercard']))
    expect(history.every((r) => r.state === 'approved' && r.params.phone === ANNA)).toBe(true)
  })

  it('flagged refunds across customers carry each payment\'s own customer and card, in one query', async () => {
    const a = await pay(anna, newCard(CARDS.bypass), 150_000)
    await pay(anna, newCard(CARDS.approve), 160_000)
    const b = await pay(bolat, newCard(CARDS.bypass), 170_000)
    const { value: flagged, queries } = await queriesDuring(() => t.engine.payments.flaggedForRefund())
    expect(queries).toBe(1)
    expect(flagged.map((r) => [r.paymentId, r.customerPhone, r.cardMasked, r.threeDsBypassed])).toEqual([
      [b.paymentId, BOLAT, MASKED[CARDS.bypass], true],
      [a.paymentId, ANNA, MASKED[CARDS.bypass], true],
    ])
  })

  it('fraud cases with their customers and notes: two queries for the whole list', async () => {
    const receipt = await pay(anna, newCard(CARDS.approve), 150_000)
    const first = await t.engine.fraud.open({ phone: ANNA, kind: 'unauthorised', paymentId: receipt.paymentId, note: 'Not recognised' }, SUPERVISOR)
    t.clock.advance(1_000)
    const second = await t.engine.fraud.open({ phone: BOLAT, kind: 'other', note: 'Phishing call' }, SUPERVISOR)
    t.clock.advance(1_000)
    await t.engine.fraud.addNote(first.id, 'Called the issuer', SUPERVISOR)
    await t.engine.fraud.open({ phone: BOLAT, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)

    const { value: cases, queries } = await queriesDuring(() => t.engine.fraud.list())
    expect(queries).toBe(2)
    expect(cases.map((c) => [c.kind, c.customerPhone, c.paymentId, c.notes.map((n) => n.text)])).toEqual([
      ['stolen-card', BOLAT, null, ['Wallet stolen']],
      ['other', BOLAT, null, ['Phishing call']],
      ['unauthorised', ANNA, receipt.paymentId, ['Not recognised', 'Called the issuer']],
    ])
    expect(cases[1]!.id).toBe(second.id)
  })
}
