import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { assertNotSelfDisable, assertSupervisorRemains, takesAwayActiveSupervisor } from '../../../src/main/engine/staff/staff-rules'

describe('staff: disabling accounts', () => {
  it('nobody disables their own account, but may re-enable it', () => {
    expect(() => assertNotSelfDisable({ id: 's1' }, true, 's1')).toThrow(expect.objectContaining({ code: ErrorCode.CONFLICT }))
    expect(() => assertNotSelfDisable({ id: 's1' }, false, 's1')).not.toThrow()
    expect(() => assertNotSelfDisable({ id: 's1' }, true, 's2')).not.toThrow()
    expect(() => assertNotSelfDisable({ id: 's1' }, true, null)).not.toThrow()
  })

  it('only disabling an active supervisor takes one away', () => {
    expect(takesAwayActiveSupervisor({ role: 'supervisor', disabled: false }, true)).toBe(true)
    expect(takesAwayActiveSupervisor({ role: 'supervisor', disabled: true }, true)).toBe(false)
    expect(takesAwayActiveSupervisor({ role: 'supervisor', disabled: false }, false)).toBe(false)
    expect(takesAwayActiveSupervisor({ role: 'teller', disabled: false }, true)).toBe(false)
  })

  it('the last active supervisor stays', () => {
    expect(() => assertSupervisorRemains(1)).toThrow(expect.objectContaining({ code: ErrorCode.CONFLICT }))
    expect(() => assertSupervisorRemains(0)).toThrow()
    expect(() => assertSupervisorRemains(2)).not.toThrow()
  })
})
