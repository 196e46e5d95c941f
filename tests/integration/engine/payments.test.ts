import { smsSegments } from '../../../src/main/engine/session-keys/sms-text-rules'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { CardEntity } from '../../../src/main/store/entities/card.entity'
import { PaymentEntity } from '../../../src/main/store/entities/payment.entity'
import type { PaymentCustomer, StartPayment } from '../../../src/main/engine/payments/payment.service'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, SUPERVISOR, TELLER, wrongCode } from '../../support/customers'
import { CARDS, CVV, EXPIRY, luhnComplete } from '../../support/cards'

const PHONE = '+77012345678'
const SEC = 1000

describe('card payments (S14-S16, S18-S20) on a real store with the simulator host', () => {
  let t: TestEngine
  let me: PaymentCustomer
  beforeEach(async () => {
    t = await startTestEngine()
    me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
  })
  afterEach(async () => t.close())
  const payments = () => t.engine.payments

  const newCard = (pan: string, amountTiyn = 250_000): StartPayment => ({
    providerId: 'kcell',
    params: { phone: '+7 701 234 56 78' },
    amountTiyn,
    card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV },
  })

  async function pay(req: StartPayment) {
    const intent = await payments().start(me, req, TELLER)
    const receipt = await payments().confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
    t.clock.advance(61 * SEC)
    return { intent, receipt }
  }

  it('S14.1 first payment: provider, parameters, amount, card, expiry, CVV, then the session key; the card is kept masked and sealed', async () => {
    const intent = await payments().start(me, newCard(CARDS.approve), TELLER)
    expect(intent).toMatchObject({ providerId: 'kcell', params: { phone: '+77012345678' }, amountTiyn: 250_000, cardMasked: '440043******1237', brand: 'visa', cardsThisMonth: 1 })
    expect(t.engine.outbox!.last(PHONE)!.text).toContain('2 500 ₸')
    const receipt = await payments().confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
    expect(receipt).toMatchObject({ state: 'approved', amountTiyn: 250_000, cardMasked: '440043******1237', threeDs: 'authenticated', threeDsBypassed: false })
    const card = await t.engine.ds.getRepository(CardEntity).findOneByOrFail({ customerId: me.customerId })
    expect(card.panSealed).toMatch(/^k1:v1\./)
    expect(card.masked).toBe('440043******1237')
    expect(card.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(await payments().cards(me.customerId)).toEqual([expect.objectContaining({ masked: '440043******1237', brand: 'visa', expiry: '12/29' })])
    expect(t.engine.simulator!.chargesFor(intent.intentId)).toBe(1)
  })

  it('S14.2 repeat payment with a card chosen from the list, no card details typed again', async () => {
    await pay(newCard(CARDS.approve))
    const [saved] = await payments().cards(me.customerId)
    const { receipt } = await pay({ providerId: 'almaty-energo', params: { account: '1234567890' }, amountTiyn: 1_000_000, card: { kind: 'saved', cardId: saved!.id } })
    expect(receipt).toMatchObject({ state: 'approved', cardMasked: '440043******1237', providerId: 'almaty-energo' })
    expect(await payments().cards(me.customerId)).toHaveLength(1)
    expect(await payments().history(me.customerId)).toHaveLength(2)
  })

  it('S15.1 refuses foreign cards and fails closed on unknown issuers; checks Luhn, expiry and CVV', async () => {
    await expect(payments().start(me, newCard(CARDS.foreign), TELLER)).rejects.toMatchObject({ code: ErrorCode.CARD_FOREIGN, details: { issuerCountry: 'US' } })
    await expect(payments().start(me, newCard(CARDS.foreignMc), TELLER)).rejects.toMatchObject({ code: ErrorCode.CARD_FOREIGN })
    await expect(payments().start(me, newCard(CARDS.unknownBin), TELLER)).rejects.toMatchObject({ code: ErrorCode.CARD_UNKNOWN_BIN })
    await expect(payments().start(me, newCard('4400430000001238'), TELLER)).rejects.toMatchObject({ code: ErrorCode.CARD_INVALID })
    await expect(payments().start(me, { ...newCard(CARDS.approve), card: { kind: 'new', pan: CARDS.approve, expiry: '02/26', cvv: CVV } }, TELLER)).rejects.toMatchObject({ code: ErrorCode.CARD_EXPIRED })
    await expect(payments().start(me, { ...newCard(CARDS.approve), card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: '12' } }, TELLER)).rejects.toMatchObject({ code: ErrorCode.CVV_INVALID })
    expect(t.engine.outbox!.list(PHONE).filter((m) => m.text.includes('₸'))).toHaveLength(0)
  })

  it('checks provider parameters and amount bounds before anything is sent', async () => {
    await expect(payments().start(me, { ...newCard(CARDS.approve), params: { phone: '+77271234567' } }, TELLER)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: { field: 'params.phone' } })
    await expect(payments().start(me, newCard(CARDS.approve, 50), TELLER)).rejects.toMatchObject({ code: ErrorCode.AMOUNT_OUT_OF_RANGE })
    await expect(payments().start(me, { ...newCard(CARDS.approve), providerId: 'nope' }, TELLER)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED })
  })

  it('S15.3 a 4th distinct card in a calendar month is refused with the date the limit resets; the month turns at Almaty midnight', async () => {
    t.clock.set('2026-03-31T17:00:00.000Z') // 22:00 on 31 March in Almaty
    const cards = [CARDS.approve, CARDS.mastercard, CARDS.notEnrolled]
    for (const pan of cards) await pay(newCard(pan))
    // Same cards again are fine.
    await expect(pay(newCard(CARDS.approve))).resolves.toMatchObject({ intent: { cardMasked: '440043******1237', cardsThisMonth: 3 }, receipt: { state: 'approved', cardMasked: '440043******1237' } })
    const fourth = luhnComplete('440043990000123')
    t.clock.set('2026-03-31T18:59:59.000Z') // 23:59:59 Almaty
    await expect(payments().start(me, newCard(fourth), TELLER)).rejects.toMatchObject({
      code: ErrorCode.CARD_LIMIT_REACHED,
      details: { resetsOn: '2026-04-01' },
    })
    t.clock.set('2026-03-31T19:00:00.000Z') // 00:00 on 1 April in Almaty (UTC is still 31 March)
    const { receipt } = await pay(newCard(fourth))
    expect(receipt.state).toBe('approved')
  })

  it('S15.3 is enforced again, atomically, when the payment is confirmed', async () => {
    const pending = await payments().start(me, newCard(luhnComplete('440043990000123')), TELLER)
    const pendingKey = lastCode(t, PHONE)
    // Meanwhile the customer pays with three other cards at another window.
    const other = { ...me }
    for (const pan of [CARDS.approve, CARDS.mastercard, CARDS.notEnrolled]) {
      t.clock.advance(61 * SEC)
      const i = await payments().start(other, newCard(pan), TELLER)
      await payments().confirm(other, i.intentId, lastCode(t, PHONE), TELLER)
    }
    // The older intent was superseded by the newer keys anyway; its key no longer works either.
    await expect(payments().confirm(me, pending.intentId, pendingKey, TELLER)).rejects.toMatchObject({ code: ErrorCode.PAYMENT_NOT_FOUND })
    const rows = (await t.engine.ds.query(`SELECT COUNT(*) AS n FROM card_month_use WHERE customer_id = ?`, [me.customerId])) as { n: number }[]
    expect(rows[0]!.n).toBe(3)
  })

  it('S15.2/S12 the key is bound to this payment: a wrong key is counted, the right one confirms once', async () => {
    const intent = await payments().start(me, newCard(CARDS.approve), TELLER)
    const code = lastCode(t, PHONE)
    await expect(payments().confirm(me, intent.intentId, wrongCode(code), TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID })
    expect(await t.engine.ds.getRepository(PaymentEntity).count()).toBe(0)
    const receipt = await payments().confirm(me, intent.intentId, code, TELLER)
    expect(receipt.state).toBe('approved')
    // Submitting again returns the same receipt; nothing is charged twice.
    await expect(payments().confirm(me, intent.intentId, code, TELLER)).resolves.toEqual(receipt)
    expect(t.engine.simulator!.chargesFor(intent.intentId)).toBe(1)
  })

  it('a double submit (two confirms at once) charges once and both get the same receipt', async () => {
    const intent = await payments().start(me, newCard(CARDS.approve), TELLER)
    const code = lastCode(t, PHONE)
    const [a, b] = await Promise.all([payments().confirm(me, intent.intentId, code, TELLER), payments().confirm(me, intent.intentId, code, TELLER)])
    expect(a).toEqual(b)
    expect(await t.engine.ds.getRepository(PaymentEntity).count()).toBe(1)
    expect(t.engine.simulator!.chargesFor(intent.intentId)).toBe(1)
  })

  it('a lost host reply is settled from the host\'s record by idempotency key, never charged again', async () => {
    const { intent, receipt } = await pay(newCard(CARDS.timeout))
    expect(receipt).toMatchObject({ state: 'approved' })
    expect(t.engine.simulator!.chargesFor(intent.intentId)).toBe(1)
  })

  it('a declined payment is recorded as declined and says why', async () => {
    const { receipt } = await pay(newCard(CARDS.decline))
    expect(receipt).toMatchObject({ state: 'declined', declineReason: 'insufficient-funds' })
  })

  it('S18: a payment without 3-D Secure on an enrolled card is flagged; a supervisor issues the refund once', async () => {
    const { receipt: flagged } = await pay(newCard(CARDS.bypass))
    const { receipt: normal } = await pay(newCard(CARDS.approve))
    expect(flagged).toMatchObject({ state: 'approved', threeDs: 'bypassed', threeDsBypassed: true })
    expect((await payments().flaggedForRefund()).map((p) => p.paymentId)).toEqual([flagged.paymentId])
    await expect(payments().refund(normal.paymentId, 'not eligible', SUPERVISOR, 's18-3ds-bypass')).rejects.toMatchObject({ code: ErrorCode.NOT_REFUNDABLE })
    const refunded = await payments().refund(flagged.paymentId, 'S18 guaranteed refund', SUPERVISOR, 's18-3ds-bypass')
    expect(refunded).toMatchObject({ state: 'refunded', refundedAt: t.clock.now().toISOString() })
    await expect(payments().refund(flagged.paymentId, 'again', SUPERVISOR, 's18-3ds-bypass')).rejects.toMatchObject({ code: ErrorCode.NOT_REFUNDABLE })
    expect(await payments().flaggedForRefund()).toEqual([])
    expect(t.engine.simulator!.refunds.size).toBe(1)
    const audit = (await t.engine.auditReview.search({ action: 'payment.refund' }, null)).rows
    expect(audit).toEqual([expect.objectContaining({ actorStaffId: SUPERVISOR.staffId, customerRef: PHONE, details: expect.objectContaining({ reason: 'S18 guaranteed refund' }) })])
  })

  it('S12 dynamic linking: the payment SMS names the operation, amount, payee (provider + last 4 of the number paid) and card last 4, in one segment', async () => {
    await payments().start(me, { ...newCard(CARDS.approve, 1_234_500), params: { phone: '+7 701 999 56 78' } }, TELLER)
    const text = t.engine.outbox!.last(PHONE)!.text
    expect(text).toMatch(/^\d{6} оплата 12 345 ₸ Kcell \/ activ \*5678, карта \*1237\. Никому!$/)
    expect(smsSegments(text)).toBe(1)
    t.clock.advance(61 * SEC)
    await payments().start(me, { providerId: 'almaty-energo', params: { account: '1234567890' }, amountTiyn: 99_999_999, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    const long = t.engine.outbox!.last(PHONE)!.text
    // The longest amount leaves no room for the whole name: it is cut, never the amount, payee or card.
    expect(long).toMatch(/^\d{6} оплата 999 999,99 ₸ АлматыЭн\S*… \*7890, карта \*1237\. Никому!$/)
    expect(smsSegments(long)).toBe(1)
  })

  it('S19: a lost-card case closed straight from open is resolved in the client\'s favour and its payment refunded on the way', async () => {
    const { receipt } = await pay(newCard(CARDS.approve))
    const opened = await t.engine.fraud.open({ phone: PHONE, kind: 'lost-card', paymentId: receipt.paymentId, note: 'Card lost' }, SUPERVISOR)
    const closed = await t.engine.fraud.setStatus(opened.id, 'closed', null, SUPERVISOR)
    expect(closed).toMatchObject({ status: 'closed', resolution: 'client-favour' })
    expect((await payments().history(me.customerId))[0]).toMatchObject({ state: 'refunded' })
  })

  it('S19: a lost-card case whose payment is still pending at the host cannot be resolved or closed (the refund cannot be made yet)', async () => {
    const { receipt } = await pay(newCard(CARDS.approve))
    await t.engine.ds.query(`UPDATE payment SET state = 'pending' WHERE id = ?`, [receipt.paymentId])
    const opened = await t.engine.fraud.open({ phone: PHONE, kind: 'lost-card', paymentId: receipt.paymentId, note: 'Card lost' }, SUPERVISOR)
    for (const status of ['resolved', 'closed'] as const) {
      await expect(t.engine.fraud.setStatus(opened.id, status, 'client-favour', SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.FRAUD_REFUND_PENDING })
    }
    expect((await t.engine.fraud.list()).find((c) => c.id === opened.id)).toMatchObject({ status: 'open', resolution: null })
  })

  it('S19/S20: a lost-card case is always resolved in the client\'s favour and refunds its payment; cases are worked and exported', async () => {
    const { receipt } = await pay(newCard(CARDS.approve))
    const opened = await t.engine.fraud.open({ phone: PHONE, kind: 'lost-card', paymentId: receipt.paymentId, note: 'Card lost on 9 March, payment not recognised' }, SUPERVISOR)
    expect(opened).toMatchObject({ status: 'open', kind: 'lost-card', customerPhone: PHONE })
    await t.engine.fraud.setStatus(opened.id, 'investigating', null, SUPERVISOR)
    await t.engine.fraud.addNote(opened.id, 'Called the issuer', SUPERVISOR)
    const resolved = await t.engine.fraud.setStatus(opened.id, 'resolved', 'bank-favour', SUPERVISOR)
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'client-favour' })
    expect(resolved.notes.map((n) => n.text)).toEqual(['Card lost on 9 March, payment not recognised', 'Called the issuer'])
    expect((await payments().history(me.customerId))[0]).toMatchObject({ state: 'refunded' })
    await expect(t.engine.fraud.setStatus(opened.id, 'investigating', null, SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.CONFLICT })
    const other = await t.engine.fraud.open({ phone: PHONE, kind: 'other', note: 'Phishing call reported' }, SUPERVISOR)
    await expect(t.engine.fraud.setStatus(other.id, 'resolved', null, SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED })
    const csv = await t.engine.fraud.exportCsv()
    expect(csv.rows).toBe(2)
    expect(csv.csv.split('\r\n')[0]).toBe('case_id,customer,payment_id,kind,status,resolution,created_at,updated_at,notes')
  })
})
