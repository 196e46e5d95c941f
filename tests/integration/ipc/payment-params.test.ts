import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { registerCustomer } from '../../support/customers'
import { CARDS, EXPIRY } from '../../support/cards'
import { askPayment, pairCustomerPage, signInThroughCustomerWindow } from '../../support/customer-page'

const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const PHONE = '+77012345678'

describe('customerwin:askPayment through the real gate: a parameter named after an Object.prototype member is unknown', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: counter }])
    await registerCustomer(t, PHONE, 'qwerty1!')
    t.clock.advance(61_000)
    const page = await pairCustomerPage(t.engine, call, counter)
    expect(await signInThroughCustomerWindow(page, call, counter, PHONE, 'qwerty1!')).toMatchObject({ result: 'accepted' })
  })
  afterEach(async () => t.close())

  it('refuses params { phone, constructor } with the unknown-parameter error', async () => {
    const r = await askPayment(call, counter, { providerId: 'kcell', params: { phone: PHONE, constructor: 'x' }, amountTiyn: 100_000, card: { pan: CARDS.approve, expiry: EXPIRY, cvv: '739' } })
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED, details: { field: 'params.constructor' } } })
    expect(t.engine.outbox!.list(PHONE).filter((m) => m.text.includes('₸'))).toHaveLength(0)
  })
})
