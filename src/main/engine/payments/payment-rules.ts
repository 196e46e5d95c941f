import { ErrorCode } from '../../../shared/errors'
import { almatyDay } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'
import type { AuthorizeResult } from './payment-host'
import type { PaymentOutcome, PaymentRow } from './payment.repo'

/** S15.3: at most 3 distinct cards per customer per calendar month (Asia/Almaty). */
export const MAX_CARDS_PER_MONTH = 3
/** How long a started payment waits for its session key (and keeps a first payment's CVV in memory). */
export const INTENT_TTL_MS = 15 * 60_000
/** A pending payment the host still does not know after this long was never received. */
export const NEVER_RECEIVED_AFTER_MS = 24 * 3600_000

/** YYYY-MM of an instant in Almaty. */
export function monthOf(instant: Date): string {
  return almatyDay(instant).slice(0, 7)
}

/** The first day of the next calendar month in Almaty: when the 3-card count starts again. */
export function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

export type CardClaim = 'counted' | 'already-counted' | 'refused'

/** S15.3: a card already used this month costs nothing; a new one is counted while fewer than 3 are. */
export function decideCardClaim(usedThisMonth: readonly string[], fingerprint: string): CardClaim {
  if (usedThisMonth.includes(fingerprint)) return 'already-counted'
  return usedThisMonth.length >= MAX_CARDS_PER_MONTH ? 'refused' : 'counted'
}

/** How many distinct cards the month will have counted once this one is used. */
export function cardsThisMonthWith(usedThisMonth: readonly string[], fingerprint: string): number {
  return usedThisMonth.includes(fingerprint) ? usedThisMonth.length : usedThisMonth.length + 1
}

export function cardLimitError(now: Date): EngineError {
  const resetsOn = nextMonthStart(monthOf(now))
  return new EngineError(ErrorCode.CARD_LIMIT_REACHED, `This customer has already used 3 different cards this month. The limit resets on ${resetsOn}.`, {
    resetsOn,
    limit: MAX_CARDS_PER_MONTH,
  })
}

export function intentExpired(createdAtMs: number, nowMs: number): boolean {
  return nowMs - createdAtMs > INTENT_TTL_MS
}

/** What the host's answer makes of a pending payment. */
export function outcomeOf(result: AuthorizeResult, now: Date): PaymentOutcome {
  return {
    state: result.status,
    hostRef: result.hostRef,
    threeDs: result.threeDs,
    // S18: approved for a 3-D Secure enrolled card without 3-D Secure: the guaranteed refund applies.
    threeDsBypassed: result.status === 'approved' && result.threeDsEnrolled && result.threeDs === 'bypassed',
    declineReason: result.declineReason,
    updatedAt: now.toISOString(),
  }
}

/** A pending payment the host says it never saw: given up only once it is a day old. */
export function neverReceived(createdAt: string, now: Date): boolean {
  return Date.parse(createdAt) < now.getTime() - NEVER_RECEIVED_AFTER_MS
}

export type RefundCause = 's18-3ds-bypass' | 's19-fraud-case'

/** S18/S19: only an approved payment the host charged; the guaranteed refund only after a 3-D Secure bypass. */
export function assertRefundable(p: Pick<PaymentRow, 'state' | 'hostRef' | 'threeDsBypassed'>, cause: RefundCause): void {
  if (p.state !== 'approved' || !p.hostRef) throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'This payment cannot be refunded.', { state: p.state })
  if (cause === 's18-3ds-bypass' && !p.threeDsBypassed) {
    throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'The guaranteed refund applies only to payments made without 3-D Secure on an enrolled card.')
  }
}
