import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { SessionKeyRow } from '../../../src/main/engine/session-keys/session-key.repo'
import {
  decideIssue,
  isStillValid,
  newKeyRow,
  noActiveKeyRefusal,
  verifiedUntil,
  wrongEntry,
} from '../../../src/main/engine/session-keys/session-key-rules'
import { formatTenge, operationBinding, type OperationToConfirm } from '../../../src/main/engine/session-keys/transaction-confirmation'

const T0 = Date.parse('2026-03-10T04:00:00.000Z')
const SEC = 1000
const MIN = 60 * SEC
const at = (ms: number) => new Date(ms).toISOString()
type Key = Pick<SessionKeyRow, 'purpose' | 'state' | 'createdAt'>
const key = (createdMs: number, state: SessionKeyRow['state'] = 'active', purpose: SessionKeyRow['purpose'] = 'verify'): Key => ({ purpose, state, createdAt: at(createdMs) })

describe('issue decision: 60 s resend cooldown, 5 unconfirmed keys per rolling hour', () => {
  it('allows the first key', () => {
    expect(decideIssue([], 'verify', T0)).toEqual({ refused: null })
  })

  it('refuses a resend of the same purpose until 60 s after the previous key, and allows it at exactly 60 s', () => {
    const lastHour = [key(T0)]
    expect(decideIssue(lastHour, 'verify', T0 + MIN - 1)).toEqual({ refused: ErrorCode.RESEND_TOO_SOON, retryAt: at(T0 + MIN) })
    expect(decideIssue(lastHour, 'verify', T0 + MIN)).toEqual({ refused: null })
  })

  it('has no cooldown after the previous key was used, nor for another purpose', () => {
    expect(decideIssue([key(T0, 'used')], 'verify', T0 + SEC)).toEqual({ refused: null })
    expect(decideIssue([key(T0)], 'register', T0 + SEC)).toEqual({ refused: null })
  })

  it('the cooldown looks at the newest key of the purpose only', () => {
    const lastHour = [key(T0), key(T0 + 2 * MIN, 'used')]
    expect(decideIssue(lastHour, 'verify', T0 + 2 * MIN + SEC)).toEqual({ refused: null })
  })

  it('refuses a 6th unconfirmed key in an hour, until the oldest of the last 5 is an hour old', () => {
    const five = [0, 2, 4, 6, 8].map((m) => key(T0 + m * MIN, 'superseded'))
    expect(decideIssue(five.slice(0, 4), 'verify', T0 + 10 * MIN)).toEqual({ refused: null })
    expect(decideIssue(five, 'verify', T0 + 10 * MIN)).toEqual({ refused: ErrorCode.KEY_LIMIT_REACHED, retryAt: at(T0 + 60 * MIN) })
  })

  it('counts any purpose towards the cap, and names the 5th newest unconfirmed key as the one to wait for', () => {
    const six = [0, 2, 4, 6, 8, 10].map((m, i) => key(T0 + m * MIN, 'expired', i % 2 ? 'register' : 'verify'))
    expect(decideIssue(six, 'password-change', T0 + 12 * MIN)).toEqual({ refused: ErrorCode.KEY_LIMIT_REACHED, retryAt: at(T0 + 2 * MIN + 60 * MIN) })
  })

  it('does not count keys the customer entered correctly', () => {
    const lastHour = [...[0, 1, 2, 3, 4, 5, 6].map((m) => key(T0 + m * MIN, 'used')), ...[7, 9, 11, 13].map((m) => key(T0 + m * MIN, 'superseded'))]
    expect(decideIssue(lastHour, 'verify', T0 + 15 * MIN)).toEqual({ refused: null })
    expect(decideIssue([...lastHour, key(T0 + 15 * MIN, 'exhausted')], 'verify', T0 + 17 * MIN)).toMatchObject({ refused: ErrorCode.KEY_LIMIT_REACHED })
  })

  it('keys that could not be sent start no cooldown and do not count toward the hourly cap (they count toward the daily quotas)', () => {
    const unsent = [0, 1, 2, 3, 4].map((m) => key(T0 + m * MIN, 'unsent'))
    expect(decideIssue(unsent.slice(0, 1), 'verify', T0 + SEC)).toEqual({ refused: null })
    expect(decideIssue(unsent, 'verify', T0 + 5 * MIN)).toEqual({ refused: null })
    const four = [0, 1, 2, 3].map((m) => key(T0 + m * 2 * MIN))
    expect(decideIssue([...four, ...unsent], 'verify', T0 + 10 * MIN)).toEqual({ refused: null })
    // Delivered keys still count: the fifth unconfirmed one reaches the cap.
    expect(decideIssue([...four, key(T0 + 9 * MIN)], 'verify', T0 + 10 * MIN)).toMatchObject({ refused: ErrorCode.KEY_LIMIT_REACHED })
  })

  it('checks the cooldown before the cap', () => {
    const five = [0, 2, 4, 6, 8].map((m) => key(T0 + m * MIN))
    expect(decideIssue(five, 'verify', T0 + 8 * MIN + SEC)).toMatchObject({ refused: ErrorCode.RESEND_TOO_SOON })
  })
})

describe('validity (S9): 15 minutes from creation', () => {
  const row = newKeyRow({ id: 'k', phoneIndex: 'ix', purpose: 'verify', binding: null, codeMac: 'ab' }, T0)

  it('a new key is active, unused, with no wrong entries, expiring 15:00 after creation', () => {
    expect(row).toEqual({ id: 'k', phoneIndex: 'ix', purpose: 'verify', binding: null, codeMac: 'ab', createdAt: at(T0), expiresAt: at(T0 + 15 * MIN), wrongAttempts: 0, state: 'active', usedAt: null })
  })

  it('is valid at 15:00 minus 1 ms and expired at exactly 15:00', () => {
    expect(isStillValid(row, T0 + 15 * MIN - 1)).toBe(true)
    expect(isStillValid(row, T0 + 15 * MIN)).toBe(false)
  })

  it('without an active key, an expired newest key says expired, anything else says spent', () => {
    expect(noActiveKeyRefusal('expired').code).toBe(ErrorCode.SESSION_KEY_EXPIRED)
    expect(noActiveKeyRefusal('used').code).toBe(ErrorCode.SESSION_KEY_SPENT)
    expect(noActiveKeyRefusal('exhausted').code).toBe(ErrorCode.SESSION_KEY_SPENT)
    expect(noActiveKeyRefusal(null).code).toBe(ErrorCode.SESSION_KEY_SPENT)
  })

  it('a verification counts for registration until 15:00 after it was entered, not at 15:00', () => {
    expect(verifiedUntil(at(T0), T0 + 15 * MIN - 1)).toBe(at(T0 + 15 * MIN))
    expect(verifiedUntil(at(T0), T0 + 15 * MIN)).toBeNull()
    expect(verifiedUntil(null, T0)).toBeNull()
  })
})

describe('wrong entries: the 3rd spends the key', () => {
  it('1st and 2nd wrong entries leave the key active with 2 and 1 attempts left', () => {
    expect(wrongEntry(0, true)).toMatchObject({ wrongAttempts: 1, exhausted: false, refusal: { code: ErrorCode.SESSION_KEY_INVALID, details: { attemptsLeft: 2 } } })
    expect(wrongEntry(1, true)).toMatchObject({ wrongAttempts: 2, exhausted: false, refusal: { code: ErrorCode.SESSION_KEY_INVALID, details: { attemptsLeft: 1 } } })
  })

  it('the 3rd wrong entry spends the key', () => {
    expect(wrongEntry(2, true)).toEqual({
      wrongAttempts: 3,
      exhausted: true,
      refusal: { code: ErrorCode.SESSION_KEY_SPENT, message: 'Wrong session key entered 3 times. Send a new one.', details: { attemptsLeft: 0 } },
    })
  })

  it('a key for another operation counts as a wrong entry and says so, even on the 3rd', () => {
    expect(wrongEntry(0, false)).toMatchObject({ wrongAttempts: 1, exhausted: false, refusal: { code: ErrorCode.SESSION_KEY_OTHER_OPERATION, details: { attemptsLeft: 2 } } })
    expect(wrongEntry(2, false)).toMatchObject({ wrongAttempts: 3, exhausted: true, refusal: { code: ErrorCode.SESSION_KEY_OTHER_OPERATION, details: { attemptsLeft: 0 } } })
  })
})

describe('operation binding (S12)', () => {
  const op: OperationToConfirm = { kind: 'payment', amountTiyn: 1_234_567, currency: 'KZT', payee: 'kcell:{"phone":"+77012345678"}', cardFingerprint: 'ab'.repeat(32) }

  it('keeps the exact digest, so keys already issued still verify', () => {
    expect(operationBinding(op)).toBe('3358016bed7171ec3ba95e8221c3731b9b458996596fb0380e0088d8b28bd3d0')
  })

  it('changes with the kind, the amount by one tiyn, the payee or the card', () => {
    const base = operationBinding(op)
    expect(operationBinding({ ...op, kind: 'refund' })).not.toBe(base)
    expect(operationBinding({ ...op, amountTiyn: op.amountTiyn + 1 })).not.toBe(base)
    expect(operationBinding({ ...op, payee: 'kcell:{"phone":"+77012345679"}' })).not.toBe(base)
    expect(operationBinding({ ...op, cardFingerprint: 'ac'.repeat(32) })).not.toBe(base)
  })

  it('formats amounts grouped, with tiyn only when there are some', () => {
    expect(formatTenge(1_234_567)).toBe('12 345,67 ₸')
    expect(formatTenge(100_000)).toBe('1 000 ₸')
    expect(formatTenge(5)).toBe('0,05 ₸')
  })
})
