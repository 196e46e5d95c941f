import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { customerPageOf, pairCustomerWindow, PAGE, TELLER_WINDOW, WS } from '../../support/customer-window-engine'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, wrongCode } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const PAYEE = '+77019876543'
const PASSWORD = 'qwerty1!'
const KCELL = { providerId: 'kcell', params: { phone: PAYEE }, amountTiyn: 250_000 }

/**
 * Issue 12: the card details, the payment's session key and the customer's password are typed on
 * the customer window; the teller window starts the step and reads masked progress only.
 */
describe('customer window: payments and sign-in (issue 12)', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
    await registerCustomer(t, PHONE, PASSWORD)
    await pairCustomerWindow(t)
  })
  afterEach(async () => t.close())
  const cw = () => t.engine.customerWindows
  const steps = () => t.engine.customerWindowSteps
  const { prompt, answer } = customerPageOf(() => t)
  const signIn = () => t.engine.gate.desk.signIn(TELLER_WINDOW, PHONE, PASSWORD)

  it('first payment: card details and key typed on the customer window; the teller reads "card 440043******1237 approved" and never a secret', async () => {
    await signIn()
    const teller: string[] = []
    const started = await steps().askPayment(TELLER_WINDOW, { ...KCELL, card: { kind: 'new' } })
    teller.push(JSON.stringify(started))
    const cardStep = await prompt()
    expect(cardStep).toMatchObject({ kind: 'paymentCard', asks: { key: false, password: false, card: true }, amountTiyn: 250_000, payee: { provider: 'kcell', last4: '6543' }, keyExpiresAt: null })
    // A foreign card is refused and the customer may type another on the same step.
    expect(await answer({ card: { pan: CARDS.foreign, expiry: EXPIRY, cvv: CVV } })).toMatchObject({ result: 'retry', code: ErrorCode.CARD_FOREIGN })
    const typed = await answer({ card: { pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } })
    expect(typed).toMatchObject({ kind: 'paymentCard', result: 'accepted', cardMasked: '440043******1237' })
    const keyStep = await prompt()
    expect(keyStep).toMatchObject({ kind: 'paymentKey', asks: { key: true, password: false, card: false }, amountTiyn: 250_000, cardLast4: '1237', payee: { provider: 'kcell', last4: '6543' }, keyExpiresAt: expect.any(String) })
    const sms = t.engine.outbox!.last(PHONE)!.text
    expect(sms).toContain('1237')
    expect(sms).toContain('6543')
    const key = lastCode(t, PHONE)
    expect(await answer({ code: wrongCode(key) })).toMatchObject({ result: 'retry', code: ErrorCode.SESSION_KEY_INVALID, attemptsLeft: 2 })
    const wrong = cw().status(TELLER_WINDOW)
    teller.push(JSON.stringify(wrong))
    expect(wrong.outcome).toMatchObject({ kind: 'paymentKey', result: 'retry', attemptsLeft: 2 })
    expect(await answer({ code: key })).toMatchObject({ result: 'accepted', cardMasked: '440043******1237', payment: { state: 'approved' } })
    const done = cw().status(TELLER_WINDOW)
    teller.push(JSON.stringify(done))
    expect(done).toMatchObject({ prompt: null, outcome: { kind: 'paymentKey', result: 'accepted', cardMasked: '440043******1237', payment: { state: 'approved', id: expect.any(String) } } })
    for (const secret of [CARDS.approve, CARDS.foreign, CVV, key]) for (const reply of teller) expect(reply).not.toContain(secret)
    expect((await t.engine.payments.history((await t.engine.gate.desk.requireCustomer(TELLER_WINDOW)).customerId))[0]).toMatchObject({ state: 'approved', amountTiyn: 250_000 })
  })

  it('repeat payment with a saved card: the teller picks the masked card, the customer confirms with the key on the customer window', async () => {
    await signIn()
    await steps().askPayment(TELLER_WINDOW, { ...KCELL, card: { kind: 'new' } })
    await answer({ card: { pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } })
    await answer({ code: lastCode(t, PHONE) })
    const customerId = (await t.engine.gate.desk.requireCustomer(TELLER_WINDOW)).customerId
    const [card] = await t.engine.payments.cards(customerId)
    t.clock.advance(61_000)
    const started = await steps().askPayment(TELLER_WINDOW, { ...KCELL, amountTiyn: 120_000, card: { kind: 'saved', cardId: card!.id } })
    expect(started).toMatchObject({ step: 'key', intent: { cardMasked: '440043******1237', amountTiyn: 120_000 } })
    expect(await prompt()).toMatchObject({ kind: 'paymentKey', cardLast4: '1237', amountTiyn: 120_000, asks: { key: true, card: false } })
    expect(await answer({ code: lastCode(t, PHONE) })).toMatchObject({ result: 'accepted', payment: { state: 'approved' } })
    expect(await t.engine.payments.history(customerId)).toHaveLength(2)
  })

  it('a payment needs the customer signed in at this counter and a valid provider, amount and payee before the customer window is asked', async () => {
    await expect(steps().askPayment(TELLER_WINDOW, { ...KCELL, card: { kind: 'new' } })).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_NOT_SIGNED_IN })
    await signIn()
    await expect(steps().askPayment(TELLER_WINDOW, { ...KCELL, amountTiyn: 1, card: { kind: 'new' } })).rejects.toMatchObject({ code: ErrorCode.AMOUNT_OUT_OF_RANGE })
    expect(await cw().prompt(PAGE, WS)).toBeNull()
  })

  it('sign-in: the customer types the password on the customer window; a wrong one leaves tries, the right one opens the counter session', async () => {
    const teller: string[] = []
    await steps().askSignIn(TELLER_WINDOW, PHONE)
    expect(await prompt()).toMatchObject({ kind: 'signIn', asks: { key: false, password: true, card: false }, phoneLast4: '5678' })
    expect(await answer({ password: 'wrong-pass1' })).toMatchObject({ result: 'retry', code: ErrorCode.INVALID_CREDENTIALS, attemptsLeft: 2 })
    teller.push(JSON.stringify(cw().status(TELLER_WINDOW)))
    expect(await answer({ password: PASSWORD })).toMatchObject({ result: 'accepted' })
    teller.push(JSON.stringify(cw().status(TELLER_WINDOW)))
    expect(await t.engine.gate.desk.current(TELLER_WINDOW)).toMatchObject({ phone: PHONE })
    for (const reply of teller) for (const secret of [PASSWORD, 'wrong-pass1']) expect(reply).not.toContain(secret)
  })
})
