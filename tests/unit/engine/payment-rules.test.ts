import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { AuthorizeResult } from '../../../src/main/engine/payments/payment-host'
import {
  assertRefundable,
  cardLimitError,
  cardsThisMonthWith,
  decideCardClaim,
  intentExpired,
  INTENT_TTL_MS,
  MAX_CARDS_PER_MONTH,
  monthOf,
  neverReceived,
  nextMonthStart,
  outcomeOf,
} from '../../../src/main/engine/payments/payment-rules'

describe('calendar month in Almaty (S15.3)', () => {
  it('turns at Almaty midnight, not at UTC midnight', () => {
    expect(monthOf(new Date('2026-03-31T18:59:59.999Z'))).toBe('2026-03') // 23:59:59.999 on 31 March in Almaty
    expect(monthOf(new Date('2026-03-31T19:00:00.000Z'))).toBe('2026-04') // 00:00 on 1 April in Almaty
    expect(monthOf(new Date('2026-03-31T23:00:00.000Z'))).toBe('2026-04') // still 31 March in UTC
  })

  it('December turns into January of the next year', () => {
    expect(monthOf(new Date('2026-12-31T18:59:59.000Z'))).toBe('2026-12')
    expect(monthOf(new Date('2026-12-31T19:00:00.000Z'))).toBe('2027-01')
    expect(nextMonthStart('2026-12')).toBe('2027-01-01')
  })

  it('the next month starts on its first day, zero-padded', () => {
    expect(nextMonthStart('2026-01')).toBe('2026-02-01')
    expect(nextMonthStart('2026-09')).toBe('2026-10-01')
    expect(nextMonthStart('2026-11')).toBe('2026-12-01')
  })
})

describe('3 distinct cards a month (S15.3)', () => {
  const [a, b, c, d] = ['fp-a', 'fp-b', 'fp-c', 'fp-d']

  it('counts a new card while fewer than 3 are counted', () => {
    expect(decideCardClaim([], a)).toBe('counted')
    expect(decideCardClaim([a, b], c)).toBe('counted')
  })

  it('a card already counted this month is free, even at the limit', () => {
    expect(decideCardClaim([a], a)).toBe('already-counted')
    expect(decideCardClaim([a, b, c], c)).toBe('already-counted')
  })

  it('refuses a 4th distinct card', () => {
    expect(MAX_CARDS_PER_MONTH).toBe(3)
    expect(decideCardClaim([a, b, c], d)).toBe('refused')
  })

  it('tells how many cards the month will have counted', () => {
    expect(cardsThisMonthWith([], a)).toBe(1)
    expect(cardsThisMonthWith([a, b], a)).toBe(2)
    expect(cardsThisMonthWith([a, b], c)).toBe(3)
  })

  it('the refusal says when the limit resets, in Almaty days', () => {
    const e = cardLimitError(new Date('2026-03-31T18:59:59.000Z'))
    expect(e).toMatchObject({ code: ErrorCode.CARD_LIMIT_REACHED, details: { resetsOn: '2026-04-01', limit: 3 } })
    expect(cardLimitError(new Date('2026-12-31T19:00:00.000Z')).details).toMatchObject({ resetsOn: '2027-02-01' })
  })
})

describe('payment intents and pending payments', () => {
  it('an intent lives 15 minutes, to the millisecond', () => {
    expect(intentExpired(0, INTENT_TTL_MS)).toBe(false)
    expect(intentExpired(0, INTENT_TTL_MS + 1)).toBe(true)
  })

  it('a pending payment unknown to the host is given up only after 24 hours', () => {
    const now = new Date('2026-03-11T04:00:00.000Z')
    expect(neverReceived('2026-03-10T04:00:00.000Z', now)).toBe(false)
    expect(neverReceived('2026-03-10T03:59:59.999Z', now)).toBe(true)
  })
})

describe('the host answer and refunds (S18, S19)', () => {
  const now = new Date('2026-03-10T04:00:00.000Z')
  const answer = (over: Partial<AuthorizeResult>): AuthorizeResult => ({ status: 'approved', hostRef: 'H1', threeDsEnrolled: true, threeDs: 'authenticated', declineReason: null, ...over })

  it('flags an approved payment without 3-D Secure on an enrolled card, and nothing else', () => {
    expect(outcomeOf(answer({ threeDs: 'bypassed' }), now)).toEqual({ state: 'approved', hostRef: 'H1', threeDs: 'bypassed', threeDsBypassed: true, declineReason: null, updatedAt: now.toISOString() })
    expect(outcomeOf(answer({ threeDs: 'authenticated' }), now).threeDsBypassed).toBe(false)
    expect(outcomeOf(answer({ threeDs: 'bypassed', threeDsEnrolled: false }), now).threeDsBypassed).toBe(false)
    expect(outcomeOf(answer({ threeDs: 'bypassed', status: 'declined', declineReason: 'x' }), now).threeDsBypassed).toBe(false)
  })

  it('refunds only approved payments the host charged; the guaranteed refund only after a bypass', () => {
    const approved = { state: 'approved' as const, hostRef: 'H1', threeDsBypassed: false }
    expect(() => assertRefundable(approved, 's19-fraud-case')).not.toThrow()
    expect(() => assertRefundable(approved, 's18-3ds-bypass')).toThrow(expect.objectContaining({ code: ErrorCode.NOT_REFUNDABLE }))
    expect(() => assertRefundable({ ...approved, threeDsBypassed: true }, 's18-3ds-bypass')).not.toThrow()
    expect(() => assertRefundable({ ...approved, hostRef: null }, 's19-fraud-case')).toThrow(expect.objectContaining({ code: ErrorCode.NOT_REFUNDABLE }))
    expect(() => assertRefundable({ ...approved, state: 'refunded', threeDsBypassed: true }, 's18-3ds-bypass')).toThrow(
      expect.objectContaining({ code: ErrorCode.NOT_REFUNDABLE, details: { state: 'refunded' } }),
    )
  })
})
