import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { ErrorCode } from '../../../src/shared/errors'
import { Channel } from '../../../src/shared/ipc/channels'
import { CARDS, EXPIRY } from '../../support/cards'
import { registerCustomer } from '../../support/customers'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const PHONE = '+77012345678'
const PASSWORD = 'qwerty1!'

/**
 * Issue 12, the last gap: no teller channel carries the customer's password, card or session key. The
 * old teller-side channels are gone at the gate, even for a signed-in teller calling the bridge directly.
 */
describe('the teller-side secret channels are refused at the gate (issue 12)', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: counter }])
    await registerCustomer(t, PHONE, PASSWORD)
  })
  afterEach(async () => t.close())

  it('customer:signIn, payment:start and payment:confirm are UNKNOWN_CHANNEL for a teller; the password is not checked', async () => {
    const gone: [string, unknown][] = [
      ['customer:signIn', { phone: PHONE, password: PASSWORD }],
      ['payment:start', { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: '739' } }],
      ['payment:confirm', { intentId: '00000000-0000-4000-8000-000000000000', code: '123456' }],
    ]
    for (const [name, payload] of gone) {
      const r = await call(name as never, payload as never, counter)
      expect(r, name).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
      expect(JSON.stringify(r)).not.toContain(PASSWORD)
    }
    expect(await call(Channel.CustomerCurrent, {}, counter)).toEqual({ ok: true, value: null })
  })

  it('the customer-window payment refuses card details from the teller (VALIDATION_FAILED, nothing sent)', async () => {
    const r = await call(
      Channel.CustomerWindowAskPayment,
      { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: '739' } } as never,
      counter,
    )
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(JSON.stringify(r)).not.toContain(CARDS.approve)
    expect(t.engine.outbox!.list(PHONE).filter((m) => m.text.includes('₸'))).toHaveLength(0)
  })
})
