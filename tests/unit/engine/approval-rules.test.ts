import { describe, expect, it } from 'vitest'
import {
  APPROVAL_KINDS,
  assertApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
  decisionRefusal,
  MANDATORY_TWO_PERSON,
  needsSecondApprover,
} from '../../../src/main/engine/approvals/approval-rules'
import { readApprovalPolicy } from '../../../src/main/app/approvals-config'
import { loadConfig } from '../../../src/main/app/config'

const T0 = Date.parse('2026-03-10T04:00:00.000Z')
const pending = { makerId: 'a', status: 'pending' as const, expiresAt: new Date(T0 + 30 * 60_000).toISOString() }

describe('four-eyes policy (issue 13, PCI DSS 7.2 separation of duties)', () => {
  it('by default: two supervisors for key rotation, supervisors, roles, second-factor resets, refunds, lost-card resolutions and bank blocks; one for lockouts', () => {
    const two = APPROVAL_KINDS.filter((k) => needsSecondApprover(k, DEFAULT_APPROVAL_POLICY))
    expect(two.sort()).toEqual(
      ['keys.rotate', 'staff.createSupervisor', 'staff.setRole', 'staff.resetSecondFactor', 'payment.refund', 'fraud.resolve', 'customer.unblock'].sort(),
    )
    expect(needsSecondApprover('customer.unlock', DEFAULT_APPROVAL_POLICY)).toBe(false)
    expect(needsSecondApprover('staff.unlock', DEFAULT_APPROVAL_POLICY)).toBe(false)
    expect(DEFAULT_APPROVAL_POLICY.expiryMinutes).toBe(30)
  })

  it('a branch may add lockouts; it can never take a mandatory action away (never laxer)', () => {
    expect(needsSecondApprover('customer.unlock', { twoPerson: ['customer.unlock'], expiryMinutes: 30 })).toBe(true)
    for (const k of MANDATORY_TWO_PERSON) expect(needsSecondApprover(k, { twoPerson: [], expiryMinutes: 30 })).toBe(true)
    expect(readApprovalPolicy({})).toEqual({ twoPerson: [], expiryMinutes: 30 })
    expect(readApprovalPolicy({ TELLER_FOUR_EYES: 'customer.unlock, staff.unlock', TELLER_APPROVAL_EXPIRY_MINUTES: '10' })).toEqual({ twoPerson: ['customer.unlock', 'staff.unlock'], expiryMinutes: 10 })
    expect(() => readApprovalPolicy({ TELLER_FOUR_EYES: 'refunds-off' })).toThrow(/unknown actions \(refunds-off\)/)
    expect(() => readApprovalPolicy({ TELLER_APPROVAL_EXPIRY_MINUTES: '0' })).toThrow(/1 to 1440 minutes/)
    expect(() => readApprovalPolicy({ TELLER_APPROVAL_EXPIRY_MINUTES: '2000' })).toThrow(/1 to 1440 minutes/)
    expect(() => readApprovalPolicy({ TELLER_APPROVAL_EXPIRY_MINUTES: 'soon' })).toThrow(/1 to 1440 minutes/)
    expect(() => assertApprovalPolicy({ twoPerson: ['nothing' as never], expiryMinutes: 30 })).toThrow(/Unknown four-eyes action/)
    expect(loadConfig({ TELLER_FOUR_EYES: 'customer.unlock' }, { appVersion: 'x', shell: 'browser' }).approvals).toEqual({ twoPerson: ['customer.unlock'], expiryMinutes: 30 })
  })

  it('a checker decides only a pending, unexpired request made by someone else', () => {
    expect(decisionRefusal(pending, 'b', T0)).toBeNull()
    expect(decisionRefusal(pending, 'a', T0)).toBe('self')
    expect(decisionRefusal(pending, 'b', T0 + 30 * 60_000)).toBe('expired')
    expect(decisionRefusal({ ...pending, status: 'expired' }, 'b', T0)).toBe('expired')
    for (const status of ['approved', 'rejected', 'executed', 'failed'] as const) expect(decisionRefusal({ ...pending, status }, 'b', T0)).toBe('decided')
    // Self first: even an expired own request is refused (and audited) as self-approval.
    expect(decisionRefusal(pending, 'a', T0 + 31 * 60_000)).toBe('self')
  })
})
