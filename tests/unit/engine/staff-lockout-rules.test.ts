import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import {
  assertIdleTimeout,
  assertStaffLockoutPolicy,
  assertStaffPassword,
  DEFAULT_STAFF_LOCKOUT,
  inactiveSince,
  sessionExpired,
  staffLockedUntil,
  throttleDelayMs,
} from '../../../src/main/engine/staff/staff-lockout-rules'
import { loadConfig, readIdleTimeout, readStaffLockout } from '../../../src/main/app/config'
import { staffPasswordChecks } from '../../../src/shared/password-rules'

const MIN = 60_000
const DAY = 24 * 60 * MIN

describe('staff lockout policy (PCI DSS 8.3.4): 10 attempts, 30 minutes, never laxer', () => {
  it('defaults to 10 attempts and 30 minutes; stricter values are accepted, laxer ones refused', () => {
    expect(DEFAULT_STAFF_LOCKOUT).toEqual({ maxAttempts: 10, lockoutMs: 30 * MIN })
    expect(() => assertStaffLockoutPolicy({ maxAttempts: 5, lockoutMs: 60 * MIN })).not.toThrow()
    expect(() => assertStaffLockoutPolicy({ maxAttempts: 11, lockoutMs: 30 * MIN })).toThrow('at most 10')
    expect(() => assertStaffLockoutPolicy({ maxAttempts: 0, lockoutMs: 30 * MIN })).toThrow('at most 10')
    expect(() => assertStaffLockoutPolicy({ maxAttempts: 10, lockoutMs: 30 * MIN - 1 })).toThrow('at least 30 minutes')
  })

  it('reads TELLER_STAFF_MAX_ATTEMPTS and TELLER_STAFF_LOCKOUT_MINUTES, refusing laxer or malformed values at config load', () => {
    expect(readStaffLockout({})).toEqual({ maxAttempts: 10, lockoutMs: 30 * MIN })
    expect(readStaffLockout({ TELLER_STAFF_MAX_ATTEMPTS: '6', TELLER_STAFF_LOCKOUT_MINUTES: '45' })).toEqual({ maxAttempts: 6, lockoutMs: 45 * MIN })
    expect(() => readStaffLockout({ TELLER_STAFF_MAX_ATTEMPTS: '11' })).toThrow('TELLER_STAFF_MAX_ATTEMPTS')
    expect(() => readStaffLockout({ TELLER_STAFF_MAX_ATTEMPTS: 'ten' })).toThrow('TELLER_STAFF_MAX_ATTEMPTS')
    expect(() => readStaffLockout({ TELLER_STAFF_LOCKOUT_MINUTES: '29' })).toThrow('TELLER_STAFF_LOCKOUT_MINUTES')
    expect(() => readStaffLockout({ TELLER_STAFF_LOCKOUT_MINUTES: '30.5' })).toThrow('TELLER_STAFF_LOCKOUT_MINUTES')
    expect(() => loadConfig({ TELLER_STAFF_MAX_ATTEMPTS: '20' }, { appVersion: '1', shell: 'browser' })).toThrow('TELLER_STAFF_MAX_ATTEMPTS')
  })

  it('a lock counts only while it runs', () => {
    const now = Date.parse('2026-03-10T04:00:00.000Z')
    expect(staffLockedUntil({ lockedUntil: null }, now)).toBeNull()
    expect(staffLockedUntil({ lockedUntil: '2026-03-10T04:00:00.001Z' }, now)).toBe('2026-03-10T04:00:00.001Z')
    expect(staffLockedUntil({ lockedUntil: '2026-03-10T04:00:00.000Z' }, now)).toBeNull()
  })

  it('slows a connection by 250 ms per failure, capped at 5 s', () => {
    expect([0, 1, 2, 19, 20, 21, 1000].map(throttleDelayMs)).toEqual([0, 250, 500, 4750, 5000, 5000, 5000])
  })
})

describe('staff sessions and accounts (PCI DSS 8.2.8, 8.2.6)', () => {
  it('the idle lock is at most 15 minutes: TELLER_IDLE_TIMEOUT_SECONDS above 900 is refused at config load', () => {
    expect(readIdleTimeout({})).toBe(300)
    expect(readIdleTimeout({ TELLER_IDLE_TIMEOUT_SECONDS: '900' })).toBe(900)
    expect(() => readIdleTimeout({ TELLER_IDLE_TIMEOUT_SECONDS: '901' })).toThrow('at most 900 seconds (15 minutes')
    expect(() => readIdleTimeout({ TELLER_IDLE_TIMEOUT_SECONDS: '0' })).toThrow('TELLER_IDLE_TIMEOUT_SECONDS')
    expect(() => assertIdleTimeout(901)).toThrow('at most 900 seconds')
    expect(() => assertIdleTimeout(900)).not.toThrow()
  })

  it('a session ends 12 hours after sign-in whatever the activity', () => {
    const start = '2026-03-10T04:00:00.000Z'
    expect(sessionExpired(start, Date.parse(start) + 12 * 60 * MIN - 1)).toBe(false)
    expect(sessionExpired(start, Date.parse(start) + 12 * 60 * MIN)).toBe(true)
  })

  it('an account unused for 90 days is inactive (the latest of creation, last sign-in and re-enabling)', () => {
    const now = Date.parse('2026-06-10T00:00:00.000Z')
    const ninety = new Date(now - 90 * DAY).toISOString()
    const justUnder = new Date(now - 90 * DAY + 1).toISOString()
    const longAgo = '2025-01-01T00:00:00.000Z'
    expect(inactiveSince({ lastSignInAt: ninety, createdAt: longAgo }, now)).toBe(ninety)
    expect(inactiveSince({ lastSignInAt: justUnder, createdAt: longAgo }, now)).toBeNull()
    expect(inactiveSince({ lastSignInAt: null, createdAt: ninety }, now)).toBe(ninety)
    expect(inactiveSince({ lastSignInAt: null, createdAt: justUnder }, now)).toBeNull()
    // Re-enabled by a supervisor: the 90 days count again from then.
    expect(inactiveSince({ lastSignInAt: ninety, createdAt: ninety, enabledAt: justUnder }, now)).toBeNull()
    expect(ErrorCode.STAFF_SIGN_IN_REFUSED).toBe('STAFF_SIGN_IN_REFUSED')
  })
})

describe('a weak staff password names the rule it fails (issue 16: errors that say what to do next)', () => {
  it('staffPasswordChecks ticks each PCI DSS 8.3.6 rule on its own; the engine reply names the failed ones, never the password', () => {
    expect(staffPasswordChecks('Chief-Password-2026').every((c) => c.ok)).toBe(true)
    const failed = (pw: string) => staffPasswordChecks(pw).filter((c) => !c.ok).map((c) => c.id)
    expect(failed('short1')).toEqual(['minLength'])
    expect(failed('only-letters-here')).toEqual(['digit'])
    expect(failed('1234567890123')).toEqual(['letter'])
    expect(failed('x'.repeat(300) + '1')).toEqual(['maxLength'])
    expect(() => assertStaffPassword('Secret-only-words')).toThrow(
      expect.objectContaining({ code: ErrorCode.WEAK_PASSWORD, details: { failedRules: 'digit' } }),
    )
    try {
      assertStaffPassword('abc')
    } catch (e) {
      expect(JSON.stringify(e)).not.toContain('abc')
      expect((e as { details: unknown }).details).toEqual({ failedRules: 'minLength,digit' })
    }
    expect.assertions(8)
  })
})
