import { describe, expect, it } from 'vitest'
import { answerRefusal, pairingCodeOf, payeeLast4, retryable } from '../../../src/main/engine/counter/customer-window-rules'
import { ErrorCode } from '../../../src/shared/errors'

describe('customer window rules (issue 12)', () => {
  const prompt = { id: 'p1', nonce: 'n1', lapsesMs: 1000 }

  it('a pairing code is six digits, leading zeros kept', () => {
    expect(pairingCodeOf(42)).toBe('000042')
    expect(pairingCodeOf(999_999)).toBe('999999')
    expect(pairingCodeOf(1_000_000)).toBe('000000')
  })

  it('accepts the current prompt with its nonce, before it lapses, once', () => {
    expect(answerRefusal(prompt, { promptId: 'p1', nonce: 'n1' }, new Set(), 999)).toBeNull()
    expect(answerRefusal(prompt, { promptId: 'p1', nonce: 'n1' }, new Set(['n1']), 999)).toBe(ErrorCode.CUSTOMER_PROMPT_REPLAYED)
  })

  it('refuses no prompt, another prompt, another nonce (stale) and a lapsed prompt', () => {
    expect(answerRefusal(null, { promptId: 'p1', nonce: 'n1' }, new Set(), 0)).toBe(ErrorCode.CUSTOMER_PROMPT_STALE)
    expect(answerRefusal(prompt, { promptId: 'p0', nonce: 'n1' }, new Set(), 0)).toBe(ErrorCode.CUSTOMER_PROMPT_STALE)
    expect(answerRefusal(prompt, { promptId: 'p1', nonce: 'n0' }, new Set(), 0)).toBe(ErrorCode.CUSTOMER_PROMPT_STALE)
    expect(answerRefusal(prompt, { promptId: 'p1', nonce: 'n1' }, new Set(), 1000)).toBe(ErrorCode.CUSTOMER_PROMPT_LAPSED)
  })

  it('the customer may try again after a wrong key with tries left or a weak password, not after the last try', () => {
    expect(retryable(ErrorCode.SESSION_KEY_INVALID, { attemptsLeft: 2 })).toBe(true)
    expect(retryable(ErrorCode.SESSION_KEY_INVALID, { attemptsLeft: 0 })).toBe(false)
    expect(retryable(ErrorCode.SESSION_KEY_SPENT, { attemptsLeft: 0 })).toBe(false)
    expect(retryable(ErrorCode.WEAK_PASSWORD, undefined)).toBe(true)
    expect(retryable(ErrorCode.SESSION_KEY_EXPIRED, undefined)).toBe(false)
  })

  it('a card the engine refuses (number, expiry, CVV, foreign or unknown issuer) and a wrong password with tries left may be typed again', () => {
    for (const code of [ErrorCode.CARD_INVALID, ErrorCode.CARD_EXPIRED, ErrorCode.CVV_INVALID, ErrorCode.CARD_FOREIGN, ErrorCode.CARD_UNKNOWN_BIN]) {
      expect(retryable(code, undefined)).toBe(true)
    }
    expect(retryable(ErrorCode.INVALID_CREDENTIALS, { attemptsLeft: 1 })).toBe(true)
    expect(retryable(ErrorCode.INVALID_CREDENTIALS, { attemptsLeft: 0 })).toBe(false)
    expect(retryable(ErrorCode.CUSTOMER_LOCKED, undefined)).toBe(false)
    expect(retryable(ErrorCode.CARD_LIMIT_REACHED, undefined)).toBe(false)
  })

  it('the payee the customer window shows is the last 4 digits of the first parameter, as in the SMS (S12)', () => {
    const kcell = { params: [{ id: 'phone' }] }
    expect(payeeLast4(kcell, { phone: '+77019876543' })).toBe('6543')
    expect(payeeLast4(kcell, {})).toBe('')
    expect(payeeLast4({ params: [{ id: 'constructor' }] }, {})).toBe('')
  })
})
