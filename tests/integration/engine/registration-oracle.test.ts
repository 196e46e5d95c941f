import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

// An insider at the teller's keyboard (THREATS.md) must not learn who is a customer, or who is
// blocked, by asking for a registration key instead of using the rate-limited, audited lookup.
describe('the registration key is no "is this phone a customer?" oracle', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
    await registerCustomer(t, '+77011110001', 'qwerty1!')
    await registerCustomer(t, '+77011110002', 'qwerty1!')
    await t.engine.customers.block('+77011110002', 'fraud suspected', SUPERVISOR)
    t.clock.advance(16 * 60_000) // the verifications made while registering have lapsed
  })
  afterEach(async () => t.close())

  it('an unverified phone gets NOT_VERIFIED whether it is registered, blocked or unknown', async () => {
    for (const phone of ['+77011110001', '+77011110002', '+77011110003']) {
      await expect(t.engine.customers.sendKey(phone, 'register', TELLER)).rejects.toMatchObject({ code: ErrorCode.NOT_VERIFIED })
    }
  })

  it('a blocked customer asked for a verification key is refused, and the refusal is audited', async () => {
    await expect(t.engine.customers.sendKey('+77011110002', 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_BLOCKED })
    const denied = (await t.engine.auditReview.search({ action: 'sessionKey.send', outcome: 'denied' }, null)).rows
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({ actorStaffId: TELLER.staffId, customerRef: '+77011110002', details: { purpose: 'verify', reason: ErrorCode.CUSTOMER_BLOCKED } })
  })
})
