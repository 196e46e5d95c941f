import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { auditQuery, tellerViewDetails } from '../../../src/main/engine/audit/audit-review-rules'

describe('audit review filters as a store query', () => {
  it('no filter is no condition', () => {
    expect(auditQuery({})).toEqual({})
    expect(auditQuery({ phone: '', staffId: '', action: '' })).toEqual({})
  })

  it('normalises a Kazakh mobile number; anything else is searched as typed (trimmed)', () => {
    expect(auditQuery({ phone: '8 701 234 56 78' }).customerRefs).toEqual(['+77012345678'])
    expect(auditQuery({ phone: '  12ab ' }).customerRefs).toEqual(['12ab'])
  })

  it('an action ending in "." is a prefix; any other is exact', () => {
    expect(auditQuery({ action: 'customer.' }).action).toEqual({ prefix: 'customer.' })
    expect(auditQuery({ action: 'customer.signIn' }).action).toEqual({ exact: 'customer.signIn' })
  })

  it('Almaty days become UTC instants: from the start of the first day to the start of the day after the last', () => {
    expect(auditQuery({ from: '2026-03-10', to: '2026-03-10' })).toEqual({ atFrom: '2026-03-09T19:00:00.000Z', atBefore: '2026-03-10T19:00:00.000Z' })
  })

  it('a start after the end is refused; the same day is not', () => {
    expect(() => auditQuery({ from: '2026-03-11', to: '2026-03-10' })).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: { field: 'from' } }))
    expect(() => auditQuery({ from: '2026-03-10', to: '2026-03-10' })).not.toThrow()
  })
})

describe("a teller's view of an event's details", () => {
  it('keeps ids, counts and codes; drops what the trail seals: typed reasons, search filters, phones', () => {
    expect(tellerViewDetails('sessionKey.confirm', { keyId: 'k1', purpose: 'verify', reason: 'SESSION_KEY_WRONG' })).toEqual({ keyId: 'k1', purpose: 'verify', reason: 'SESSION_KEY_WRONG' })
    expect(tellerViewDetails('staff.signIn', { reason: 'wrong_password' })).toEqual({ reason: 'wrong_password' })
    expect(tellerViewDetails('customer.block', { reason: 'fraud' })).toEqual({})
    expect(tellerViewDetails('customer.unlock', { reason: 'Identity checked', lifted: 'lockout' })).toEqual({ lifted: 'lockout' })
    expect(tellerViewDetails('audit.search', { filters: '{}', scope: 'own-day' })).toEqual({ scope: 'own-day' })
    expect(tellerViewDetails('customer.lookup', { result: 'registered', note: '+7 701 234 56 78' })).toEqual({ result: 'registered' })
  })
})
