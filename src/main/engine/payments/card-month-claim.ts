import type { Clock } from '../kernel/clock'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { cardLimitError, decideCardClaim, monthOf } from './payment-rules'

/** The lock every S15.3 decision for one customer takes, on every workstation of the branch. */
export const cardsLock = (customerId: string): string => `cards:${customerId}`

/**
 * S15.3, the decision itself: counts this card for the customer's Almaty month, or refuses a 4th
 * distinct card. A place held for a payment still at the host (`pendingPayment`) counts toward
 * the limit until the host answers (issue 12): counted if approved, given back otherwise. Runs inside a transaction holding `cardsLock(customerId)`; `at` is the instant
 * the payment counts at, the clock only dates the refusal.
 */
export async function claimCardInMonth(tx: Repos, clock: Clock, customerId: string, fingerprint: string, at: Date, pendingPayment: string | null = null): Promise<void> {
  const month = monthOf(at)
  const decision = decideCardClaim(await tx.cards.fingerprintsUsedInMonth(customerId, month), fingerprint)
  if (decision === 'refused') throw cardLimitError(clock.now())
  if (decision === 'counted') await tx.cards.recordUseInMonth(customerId, month, fingerprint, at.toISOString(), pendingPayment)
}

/** The S15.3 claim in a transaction of its own (used by the branch-mode concurrency test). */
export function claimCardThisMonth(uow: UnitOfWork, clock: Clock, customerId: string, fingerprint: string): Promise<void> {
  const now = clock.now()
  return uow.transaction([cardsLock(customerId)], (tx) => claimCardInMonth(tx, clock, customerId, fingerprint, now))
}
