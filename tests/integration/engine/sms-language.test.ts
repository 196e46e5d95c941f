import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { SmsLocale } from '../../../src/main/engine/session-keys/sms-text-rules'
import { smsSegments } from '../../../src/main/engine/session-keys/sms-text-rules'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'

/** Words only the SMS of each language has (sms-text-rules.ts). */
const PASSWORD_WORDS: Record<SmsLocale, string> = { kk: 'құпиясөзді', ru: 'смены пароля', en: 'change your password' }
const PAYMENT_WORDS: Record<SmsLocale, string> = { kk: 'төлем', ru: 'оплата', en: 'is your key to pay' }

/**
 * Issue 12: the customer's SMS language (kk/ru/en) is stored with the customer, set when they
 * register (the customer window's language) or by the teller, and every SMS to them is in it.
 */
describe('every SMS to a customer is in the customer\'s language (issue 12)', () => {
  let t: TestEngine
  afterEach(async () => t?.close())

  async function registerIn(locale: string | undefined): Promise<string> {
    const c = t.engine.customers
    await c.sendKey(PHONE, 'verify', TELLER)
    await c.confirmVerification(PHONE, lastCode(t, PHONE), TELLER)
    await c.sendKey(PHONE, 'register', TELLER)
    return (await c.register({ phone: PHONE, name: 'Aruzhan Test', dateOfBirth: '1990-05-17', password: 'qwerty1!', code: lastCode(t, PHONE), smsLocale: locale }, TELLER)).id
  }

  const lastText = () => t.engine.outbox!.last(PHONE)!.text

  for (const locale of ['kk', 'en', 'ru'] as const) {
    it(`registered in ${locale}: the password-change key and the payment key come in ${locale}, each one segment`, async () => {
      t = await startTestEngine() // the workstation's default (TELLER_SMS_LOCALE) stays ru
      const id = await registerIn(locale)
      t.clock.advance(61_000)
      await t.engine.customers.requestPasswordChange(id, TELLER)
      expect(lastText()).toContain(PASSWORD_WORDS[locale])
      expect(smsSegments(lastText())).toBe(1)
      t.clock.advance(61_000)
      await t.engine.payments.start({ customerId: id, phone: PHONE }, { providerId: 'kcell', params: { phone: '+7 701 234 56 78' }, amountTiyn: 250_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
      expect(lastText()).toContain(PAYMENT_WORDS[locale])
      expect(smsSegments(lastText())).toBe(1)
    })
  }

  it('registered on the customer window: the language the customer chose there is stored for the SMS', async () => {
    t = await startTestEngine()
    const window = { clientId: 'shell:teller-a', actor: TELLER }
    const cw = t.engine.customerWindows
    const { code } = await cw.startPairing(window)
    await cw.pair('customer:page-1', code, 'ws-test-1')
    await cw.askVerifyKey(window, PHONE)
    const v = (await cw.prompt('customer:page-1', 'ws-test-1'))!
    await cw.answer('customer:page-1', { promptId: v.id, nonce: v.nonce, code: lastCode(t, PHONE), locale: 'kk' }, 'ws-test-1')
    t.clock.advance(61_000)
    await cw.askRegistration(window, { phone: PHONE, name: 'Aruzhan Test', dateOfBirth: '1990-05-17' })
    const p = (await cw.prompt('customer:page-1', 'ws-test-1'))!
    await expect(cw.answer('customer:page-1', { promptId: p.id, nonce: p.nonce, code: lastCode(t, PHONE), password: 'qwerty1!', locale: 'kk' }, 'ws-test-1')).resolves.toMatchObject({ result: 'accepted' })
    const id = (await t.engine.customerVault.findByPhone(PHONE))!.id
    t.clock.advance(61_000)
    await t.engine.customers.requestPasswordChange(id, TELLER)
    expect(lastText()).toContain(PASSWORD_WORDS.kk)
  })

  it('an unknown language at registration is not stored: the workstation default (ru) is used', async () => {
    t = await startTestEngine()
    const id = await registerIn('de')
    t.clock.advance(61_000)
    await t.engine.customers.requestPasswordChange(id, TELLER)
    expect(lastText()).toContain(PASSWORD_WORDS.ru)
  })

  it('the teller sets the language; an unknown one is refused (VALIDATION_FAILED) and changes nothing', async () => {
    t = await startTestEngine()
    const id = await registerIn(undefined)
    await t.engine.customers.setSmsLocale(id, 'en', TELLER)
    t.clock.advance(61_000)
    await t.engine.customers.requestPasswordChange(id, TELLER)
    expect(lastText()).toContain(PASSWORD_WORDS.en)
    await expect(t.engine.customers.setSmsLocale(id, 'fr', TELLER)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED })
    t.clock.advance(61_000)
    await t.engine.customers.requestPasswordChange(id, TELLER)
    expect(lastText()).toContain(PASSWORD_WORDS.en)
    expect((await t.engine.auditReview.search({ action: 'customer.smsLocale' }, null)).rows.map((r) => r.details.result)).toEqual(['en'])
  })
})
