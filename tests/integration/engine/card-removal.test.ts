import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { customerPageOf, pairCustomerWindow, TELLER_WINDOW } from '../../support/customer-window-engine'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER, wrongCode } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const OTHER = '+77017654321'
const PASSWORD = 'qwerty1!'

/**
 * Issue 12 (S15.2): the customer removes a saved card with a session key typed on the customer
 * window; the SMS names the operation and the card's last 4 and the key is bound to that card.
 */
function cardRemovalTests(start: () => Promise<TestEngine>): void {
  let t: TestEngine
  let me: { customerId: string; phone: string }
  beforeEach(async () => {
    t = await start()
    me = { customerId: await registerCustomer(t, PHONE, PASSWORD), phone: PHONE }
    await pairCustomerWindow(t)
  })
  afterEach(async () => t.close())
  const cw = () => t.engine.customerWindows
  const steps = () => t.engine.customerWindowSteps
  const { prompt, answer } = customerPageOf(() => t)
  const saveCard = async (who: { customerId: string; phone: string }, pan: string) => {
    t.clock.advance(61_000)
    const i = await t.engine.payments.start(who, { providerId: 'kcell', params: { phone: '+77019876543' }, amountTiyn: 250_000, card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await t.engine.payments.confirm(who, i.intentId, lastCode(t, who.phone), TELLER)
    return (await t.engine.payments.cards(who.customerId)).find((c) => c.masked.endsWith(pan.slice(-4)))!
  }

  it('the SMS names the card removal and the last 4; a wrong key leaves tries; the right key drops the sealed PAN, spends the key and audits card.removed in one go', async () => {
    const card = await saveCard(me, CARDS.approve)
    await t.engine.gate.desk.signIn(TELLER_WINDOW, PHONE, PASSWORD)
    t.clock.advance(61_000)
    const started = await steps().askCardRemoval(TELLER_WINDOW, { cardId: card.id })
    expect(started).toMatchObject({ cardMasked: '440043******1237', keySent: { expiresAt: expect.any(String) } })
    expect(JSON.stringify(started)).not.toContain(CARDS.approve)
    expect(await prompt()).toMatchObject({ kind: 'cardRemovalKey', asks: { key: true, password: false, card: false }, cardLast4: '1237', keyExpiresAt: expect.any(String) })
    const sms = t.engine.outbox!.last(PHONE)!.text
    expect(sms).toMatch(/1237/)
    expect(sms).toMatch(/удален/i) // ru by default: "удаление карты"
    const key = lastCode(t, PHONE)
    expect(await answer({ code: wrongCode(key) })).toMatchObject({ result: 'retry', code: ErrorCode.SESSION_KEY_INVALID, attemptsLeft: 2 })
    expect(await t.engine.payments.cards(me.customerId)).toHaveLength(1)
    expect(await answer({ code: key })).toMatchObject({ kind: 'cardRemovalKey', result: 'accepted', cardMasked: '440043******1237' })
    expect(await t.engine.payments.cards(me.customerId)).toEqual([])
    const rows = (await t.engine.ds.query(`SELECT id, pan_sealed, status FROM card`)) as { id: string; pan_sealed: string; status: string }[]
    expect(rows.find((r) => r.id === card.id)).toMatchObject({ status: 'dropped', pan_sealed: 'k0:v1.none' })
    const events = (await t.engine.auditReview.search({ action: 'card.removed' }, null)).rows
    expect(events).toHaveLength(1)
    expect(events[0]!.details).toMatchObject({ cardLast4: '1237' })
    const raw = JSON.stringify(await t.engine.ds.query(`SELECT details FROM audit_event WHERE action = 'card.removed'`))
    expect(raw).not.toContain('440043')
    // The payment history keeps the masked number; the card can no longer pay.
    expect((await t.engine.payments.history(me.customerId))[0]).toMatchObject({ cardMasked: '440043******1237' })
    t.clock.advance(61_000)
    await expect(t.engine.payments.start(me, { providerId: 'kcell', params: { phone: '+77019876543' }, amountTiyn: 100_000, card: { kind: 'saved', cardId: card.id } }, TELLER)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND })
    // The key is spent: the same key again cannot remove anything.
    expect(cw().status(TELLER_WINDOW).outcome).toMatchObject({ kind: 'cardRemovalKey', result: 'accepted', cardMasked: '440043******1237' })
  })

  it('the key is bound to exactly that card: a key sent for one card does not remove another', async () => {
    const visa = await saveCard(me, CARDS.approve)
    const mc = await saveCard(me, CARDS.mastercard)
    t.clock.advance(61_000)
    await t.engine.cardRemoval.request(me, visa.id, TELLER)
    const key = lastCode(t, PHONE)
    await expect(t.engine.cardRemoval.confirm(me, mc.id, key, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_OTHER_OPERATION })
    expect(await t.engine.payments.cards(me.customerId)).toHaveLength(2)
    await t.engine.cardRemoval.confirm(me, visa.id, key, TELLER)
    expect((await t.engine.payments.cards(me.customerId)).map((c) => c.id)).toEqual([mc.id])
  })

  it("another customer's card is refused before any SMS; a removal needs the customer signed in at this counter", async () => {
    const other = { customerId: await registerCustomer(t, OTHER, PASSWORD), phone: OTHER }
    const theirs = await saveCard(other, CARDS.approve)
    await expect(steps().askCardRemoval(TELLER_WINDOW, { cardId: theirs.id })).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_NOT_SIGNED_IN })
    await t.engine.gate.desk.signIn(TELLER_WINDOW, PHONE, PASSWORD)
    const sent = t.engine.outbox!.list().length
    await expect(steps().askCardRemoval(TELLER_WINDOW, { cardId: theirs.id })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND })
    await expect(t.engine.cardRemoval.confirm(me, theirs.id, '000000', TELLER)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND })
    expect(t.engine.outbox!.list().length).toBe(sent)
    expect(await t.engine.payments.cards(other.customerId)).toHaveLength(1)
  })
}

describe('card removal confirmed by a session key (issue 12, S15.2), SQLite', () => {
  cardRemovalTests(() => startTestEngine())
})

describe.skipIf(!adminPgUrl)('card removal confirmed by a session key (issue 12, S15.2), PostgreSQL', () => {
  cardRemovalTests(async () => {
    const db = await throwawayDatabase('teller_cardrm')
    return startTestEngine({ database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: 'card removal on the branch store' } })
  })
})
