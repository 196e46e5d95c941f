import { normalisePassword } from '../../../src/shared/password-rules'
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import {
  accessOf,
  assertAdultBirthDate,
  assertCustomerPassword,
  byLockoutOrder,
  liftable,
  LOCKOUT_MS,
  lockedUntilAt,
  lockoutEntry,
  normaliseName,
  signInRefusal,
} from '../../../src/main/engine/customers/customer-rules'
import type { LockoutDto } from '../../../src/shared/dto'

// 2026-03-11 in Almaty (UTC+5) from 2026-03-10T19:00Z; still 2026-03-10 one millisecond earlier.
const ALMATY_MIDNIGHT = new Date('2026-03-10T19:00:00.000Z')
const justBefore = new Date(ALMATY_MIDNIGHT.getTime() - 1)
const NOW = Date.parse('2026-03-10T04:00:00.000Z')
const at = (ms: number) => new Date(ms).toISOString()

const refused = (f: () => void) => {
  try {
    f()
  } catch (e) {
    return (e as { code: string }).code
  }
  return null
}

describe('S5.2(b) adult date of birth, by the Almaty calendar', () => {
  it('accepts the 18th birthday today and refuses it tomorrow', () => {
    expect(refused(() => assertAdultBirthDate('2008-03-11', ALMATY_MIDNIGHT))).toBeNull()
    expect(refused(() => assertAdultBirthDate('2008-03-11', justBefore))).toBe(ErrorCode.INVALID_BIRTH_DATE)
    expect(refused(() => assertAdultBirthDate('2008-03-10', justBefore))).toBeNull()
  })

  it('uses the Almaty day, not the UTC day', () => {
    // 20:00Z on Mar 10 is already Mar 11 in Almaty.
    expect(refused(() => assertAdultBirthDate('2008-03-11', new Date('2026-03-10T20:00:00.000Z')))).toBeNull()
  })

  it('a Feb 29 birthday comes of age on Mar 1 in a common year, not on Feb 28', () => {
    expect(refused(() => assertAdultBirthDate('2008-02-29', new Date('2026-02-28T12:00:00.000Z')))).toBe(ErrorCode.INVALID_BIRTH_DATE)
    expect(refused(() => assertAdultBirthDate('2008-02-29', new Date('2026-03-01T12:00:00.000Z')))).toBeNull()
  })

  it('refuses Feb 29 in a common year, other non-dates and malformed text', () => {
    for (const bad of ['1990-02-29', '1990-02-30', '1990-13-01', '1990-1-01', '01.01.1990', '']) {
      expect(refused(() => assertAdultBirthDate(bad, ALMATY_MIDNIGHT))).toBe(ErrorCode.INVALID_BIRTH_DATE)
    }
    expect(refused(() => assertAdultBirthDate('1992-02-29', ALMATY_MIDNIGHT))).toBeNull()
  })

  it('refuses a future date and a date before 1900; accepts 1900-01-01', () => {
    expect(refused(() => assertAdultBirthDate('2026-03-12', ALMATY_MIDNIGHT))).toBe(ErrorCode.INVALID_BIRTH_DATE)
    expect(refused(() => assertAdultBirthDate('1899-12-31', ALMATY_MIDNIGHT))).toBe(ErrorCode.INVALID_BIRTH_DATE)
    expect(refused(() => assertAdultBirthDate('1900-01-01', ALMATY_MIDNIGHT))).toBeNull()
  })
})

describe('S7 password assertion', () => {
  it('names the failed rules, never the password', () => {
    try {
      assertCustomerPassword('123456')
      expect.unreachable()
    } catch (e) {
      expect(e).toMatchObject({ code: ErrorCode.WEAK_PASSWORD, details: { failedRules: 'minLength,notDigitsOnly' } })
      expect(JSON.stringify(e)).not.toContain('123456')
    }
    expect(() => assertCustomerPassword('1234567')).toThrow(expect.objectContaining({ details: { failedRules: 'notDigitsOnly' } }))
    expect(() => assertCustomerPassword('abc12!')).toThrow(expect.objectContaining({ details: { failedRules: 'minLength' } }))
  })

  it('"only digits" is any Unicode decimal digit (\\p{Nd}); whitespace is neither a letter nor a special character', () => {
    for (const weak of ['١٢٣٤٥٦٧', '۱۲۳۴۵۶۷', '１２３４５６７', '१२३४५६७', '       ', '123 4567', '\t\t\t\t\t\t\t', '\u3000\u3000\u3000\u3000\u3000\u3000\u3000']) {
      expect(() => assertCustomerPassword(weak), JSON.stringify(weak)).toThrow(expect.objectContaining({ details: { failedRules: 'notDigitsOnly' } }))
    }
    expect(() => assertCustomerPassword('١٢٣٤٥٦a')).not.toThrow()
  })

  it('checks the NFKC form: a ligature counts as the letters it stands for', () => {
    expect(normalisePassword('Ｓｅｖｅｎ！７')).toBe('Seven!7')
    expect(normalisePassword('caf\u0065\u0301')).toBe('caf\u00e9')
    // "ﬃ" is one character but NFKC makes it three: 5 + 2 = 7.
    expect(() => assertCustomerPassword('ﬃ1234')).not.toThrow()
  })

  it('accepts exactly 7 characters with one non-digit', () => {
    expect(() => assertCustomerPassword('123456a')).not.toThrow()
    expect(() => assertCustomerPassword('123456!')).not.toThrow()
  })
})

describe('S5.2 name', () => {
  it('tidies spaces and bounds the length at 2..120', () => {
    expect(normaliseName('  Aruzhan   Test ')).toBe('Aruzhan Test')
    expect(normaliseName(' A ')).toBeNull()
    expect(normaliseName('Ab')).toBe('Ab')
    expect(normaliseName('x'.repeat(120))).toHaveLength(120)
    expect(normaliseName('x'.repeat(121))).toBeNull()
  })
})

describe('S11 lockout and S13 block decisions', () => {
  const row = { blocked: false, blockReason: null, lockedUntil: null as string | null, failedAttempts: 0 }

  it('a lockout holds until its end instant, exclusive', () => {
    expect(lockedUntilAt({ lockedUntil: at(NOW + 1) }, NOW)).toBe(at(NOW + 1))
    expect(lockedUntilAt({ lockedUntil: at(NOW) }, NOW)).toBeNull()
    expect(lockedUntilAt({ lockedUntil: null }, NOW)).toBeNull()
  })

  it('refuses a blocked customer as blocked even while locked out', () => {
    expect(signInRefusal({ blocked: true, lockedUntil: at(NOW + 1000) }, NOW).code).toBe(ErrorCode.CUSTOMER_BLOCKED)
    expect(signInRefusal({ blocked: false, lockedUntil: at(NOW + 1000) }, NOW)).toMatchObject({
      code: ErrorCode.CUSTOMER_LOCKED,
      details: { lockedUntil: at(NOW + 1000), secondsLeft: 1 },
    })
    // Out of attempts without a recorded end: a full lockout from now.
    expect(signInRefusal({ blocked: false, lockedUntil: null }, NOW).details).toEqual({ lockedUntil: at(NOW + LOCKOUT_MS), secondsLeft: LOCKOUT_MS / 1000 })
  })

  it('shows a block before a running lockout, and an ended lockout as active', () => {
    expect(accessOf({ ...row, blocked: true, blockReason: 'stolen', lockedUntil: at(NOW + 1) }, NOW)).toEqual({ kind: 'block', reason: 'stolen' })
    expect(accessOf({ ...row, lockedUntil: at(NOW + 1) }, NOW)).toEqual({ kind: 'lockout', until: at(NOW + 1) })
    expect(accessOf({ ...row, lockedUntil: at(NOW) }, NOW)).toEqual({ kind: 'active' })
  })

  it('an unblock lifts what is there: block, running lockout, or a full count without a running lock', () => {
    expect(liftable(row, NOW)).toEqual([])
    expect(liftable({ ...row, failedAttempts: 2, lockedUntil: at(NOW) }, NOW)).toEqual([])
    expect(liftable({ ...row, failedAttempts: 3 }, NOW)).toEqual(['lockout'])
    expect(liftable({ ...row, lockedUntil: at(NOW + 1) }, NOW)).toEqual(['lockout'])
    expect(liftable({ ...row, blocked: true, failedAttempts: 3, lockedUntil: at(NOW + 1) }, NOW)).toEqual(['block', 'lockout'])
  })

  it('lists blocks first, then lockouts by seconds left, rounded up', () => {
    const clear = { phone: '+77012345678', name: 'A' }
    const soon = lockoutEntry({ ...row, lockedUntil: at(NOW + 1_001) }, clear, NOW)
    const late = lockoutEntry({ ...row, lockedUntil: at(NOW + 600_000) }, clear, NOW)
    const block = lockoutEntry({ ...row, blocked: true, blockReason: 'r', lockedUntil: at(NOW + 5) }, clear, NOW)
    expect(soon.secondsLeft).toBe(2)
    expect(block).toEqual({ ...clear, kind: 'block', until: null, secondsLeft: null, reason: 'r' })
    expect(([late, soon, block] as LockoutDto[]).sort(byLockoutOrder)).toEqual([block, soon, late])
  })
})
