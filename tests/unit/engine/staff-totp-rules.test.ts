import { describe, expect, it } from 'vitest'
import {
  decideStep, looksLikeTotp, matchingStep, newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash, stepAt, totpCode,
} from '../../../src/main/engine/staff/staff-totp-rules'

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32), codes cut to 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('staff TOTP rules (PCI DSS 8.4.2, RFC 6238)', () => {
  it('gives the RFC 6238 SHA-1 test vectors (6 digits, 30 s)', () => {
    expect(totpCode(RFC_SECRET, stepAt(59_000))).toBe('287082')
    expect(totpCode(RFC_SECRET, stepAt(1_111_111_109_000))).toBe('081804')
    expect(totpCode(RFC_SECRET, stepAt(1_234_567_890_000))).toBe('005924')
    expect(totpCode(RFC_SECRET, stepAt(2_000_000_000_000))).toBe('279037')
  })

  it('accepts one step either side of now, to the millisecond, and names the step', () => {
    const s = 57_000_000
    const start = s * 30_000
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s - 1), start)).toBe(s - 1)
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s + 1), start)).toBe(s + 1)
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s + 1), start + 29_999)).toBe(s + 1)
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s - 1), start - 1)).toBe(s - 1)
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s - 2), start)).toBeNull()
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, s + 2), start + 29_999)).toBeNull()
    expect(matchingStep(RFC_SECRET, ` ${totpCode(RFC_SECRET, s)} `, start)).toBe(s)
    expect(matchingStep(RFC_SECRET, '12345', start)).toBeNull()
  })

  it('refuses a step at or before the last accepted one', () => {
    expect(decideStep(10, null)).toBe('accepted')
    expect(decideStep(11, 10)).toBe('accepted')
    expect(decideStep(10, 10)).toBe('replayed')
    expect(decideStep(9, 10)).toBe('replayed')
  })

  it('tells a TOTP code from a recovery code', () => {
    expect(looksLikeTotp('123456')).toBe(true)
    expect(looksLikeTotp('123 456')).toBe(true)
    expect(looksLikeTotp('1234567')).toBe(false)
    expect(looksLikeTotp('ABCD-EFGH-JKMN-PQRS')).toBe(false)
  })

  it('makes 10 distinct 80-bit recovery codes; their hash is per account and forgives case, dashes and look-alikes', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(normaliseRecoveryCode('ab1o-xyz0 il')).toBe('AB10XYZ011')
    expect(recoveryCodeHash('s1', 'ABCD-EF01-2345-6789')).toBe(recoveryCodeHash('s1', 'abcdef0l23456789'))
    expect(recoveryCodeHash('s1', 'ABCD-EF01-2345-6789')).not.toBe(recoveryCodeHash('s2', 'ABCD-EF01-2345-6789'))
    expect(recoveryCodeHash('s1', 'x')).toMatch(/^[0-9a-f]{64}$/)
  })
})
