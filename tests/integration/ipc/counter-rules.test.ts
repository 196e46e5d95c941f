import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { registerCustomer } from '../../support/customers'
import { CARDS, EXPIRY } from '../../support/cards'
import { askPayment, pairCustomerPage, signInThroughCustomerWindow, type CustomerPage } from '../../support/customer-page'

const windowA: CallContext = { clientId: 'wc:A', workstation: 'ws-A' }
const windowB: CallContext = { clientId: 'wc:B', workstation: 'ws-B' }
const PHONE = '+77012345678'
const PASSWORD = 'qwerty1!'
const MINUTE = 60_000

const payment = { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { pan: CARDS.approve, expiry: EXPIRY, cvv: '739' } }

async function auditRows(t: TestEngine, action: string): Promise<{ outcome: string; details: string }[]> {
  return (await t.engine.ds.query('SELECT outcome, details FROM audit_event WHERE action = ? ORDER BY seq', [action])) as { outcome: string; details: string }[]
}

describe('counter sessions through the gate, at two windows (S11 lockout, idle and absolute lifetime)', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  const pages = new Map<string, CustomerPage>()
  /** The customer types `password` on the customer window paired with `teller` (issue 12). */
  const signIn = async (teller: CallContext, password: string) => {
    if (!pages.has(teller.clientId)) pages.set(teller.clientId, await pairCustomerPage(t.engine, call, teller))
    return signInThroughCustomerWindow(pages.get(teller.clientId)!, call, teller, PHONE, password)
  }
  beforeEach(async () => {
    // Staff idle lock well beyond the counter limits, so only the counter rules act here.
    t = await startTestEngine({ idleTimeoutSeconds: 900 })
    call = recordingDispatch(t.engine, replies)
    await signInStaffAt(t.engine, call, [
      { login: 'dana', role: 'teller', ctx: windowA },
      { login: 'erlan', role: 'teller', ctx: windowB },
    ])
    await registerCustomer(t, PHONE, PASSWORD)
    t.clock.advance(61_000)
    pages.clear()
  })
  afterEach(async () => t.close())

  it('S11: 3 wrong passwords at window B end the customer\'s counter session at window A', async () => {
    expect(await signIn(windowA, PASSWORD)).toMatchObject({ result: 'accepted' })
    for (let i = 0; i < 2; i++) {
      expect(await signIn(windowB, 'Wrong-guess-1')).toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    }
    // Two wrong passwords are not a lockout: window A still serves the customer.
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: true })
    expect(await signIn(windowB, 'Wrong-guess-1')).toMatchObject({ code: ErrorCode.CUSTOMER_LOCKED })
    const started = await askPayment(call, windowA, payment)
    expect(started).toMatchObject({ ok: false })
    expect(await call(Channel.CustomerCurrent, {}, windowA)).toEqual({ ok: true, value: null })
  })

  it('S11: a lockout set elsewhere (another workstation sharing the store) is seen at window A\'s next call', async () => {
    expect(await signIn(windowA, PASSWORD)).toMatchObject({ result: 'accepted' })
    // As another workstation does it: straight in the shared store.
    await t.engine.ds.query('UPDATE customer SET failed_attempts = 3, locked_until = ?', [new Date(t.clock.now().getTime() + 15 * MINUTE).toISOString()])
    expect(await askPayment(call, windowA, payment)).toMatchObject({ ok: false, error: { code: ErrorCode.CUSTOMER_LOCKED } })
    expect(await call(Channel.CustomerCurrent, {}, windowA)).toEqual({ ok: true, value: null })
  })

  it('an idle counter session ends after 10 minutes without a customer action, refused with COUNTER_SESSION_EXPIRED and audited', async () => {
    expect(await signIn(windowA, PASSWORD)).toMatchObject({ result: 'accepted' })
    t.clock.advance(9 * MINUTE)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: true })
    t.clock.advance(9 * MINUTE)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: true })
    t.clock.advance(10 * MINUTE)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: false, error: { code: ErrorCode.COUNTER_SESSION_EXPIRED } })
    expect(await call(Channel.CustomerCurrent, {}, windowA)).toEqual({ ok: true, value: null })
    expect(await auditRows(t, 'customer.sessionExpired')).toMatchObject([{ outcome: 'success', details: expect.stringContaining('"reason":"idle"') }])
  })

  it('a busy counter session still ends 30 minutes after sign-in (absolute limit), audited', async () => {
    expect(await signIn(windowA, PASSWORD)).toMatchObject({ result: 'accepted' })
    for (let i = 0; i < 5; i++) {
      t.clock.advance(5 * MINUTE)
      expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: true })
    }
    t.clock.advance(5 * MINUTE - 1)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: true })
    t.clock.advance(1)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: false, error: { code: ErrorCode.COUNTER_SESSION_EXPIRED } })
    expect(await auditRows(t, 'customer.sessionExpired')).toMatchObject([{ outcome: 'success', details: expect.stringContaining('"reason":"absolute"') }])
  })

  it('the limits come from the configuration', async () => {
    await t.close()
    t = await startTestEngine({ idleTimeoutSeconds: 900, counterIdleMinutes: 2, counterMaxMinutes: 5 })
    call = recordingDispatch(t.engine, replies)
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: windowA }])
    await registerCustomer(t, PHONE, PASSWORD)
    expect(await signIn(windowA, PASSWORD)).toMatchObject({ result: 'accepted' })
    t.clock.advance(2 * MINUTE)
    expect(await call(Channel.CardsList, {}, windowA)).toMatchObject({ ok: false, error: { code: ErrorCode.COUNTER_SESSION_EXPIRED } })
  })
})
