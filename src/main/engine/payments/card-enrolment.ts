import type { Repos } from '../kernel/unit-of-work'
import type { CardRow } from './card.repo'
import { monthOf } from './payment-rules'
import type { PaymentRow } from './payment.repo'

/**
 * S14-S16 (issue 12): what a payment's outcome does to its card, inside the settling transaction
 * (holding `cardsLock(customerId)`). Approved: a pending card is saved and its place in the month
 * counted. Declined or never received: the place held for it is given back, and a card no other
 * pending payment needs loses its sealed PAN ('dropped').
 */
export async function settleCardIn(tx: Repos, payment: PaymentRow, card: CardRow, approved: boolean): Promise<void> {
  if (approved) {
    await tx.cards.confirmSaved(card.id)
    await tx.cards.countHeldUse(payment.id)
    // The card was already held for another payment of the month (same card, since declined):
    // the charge happened, so the card counts.
    const month = monthOf(new Date(payment.createdAt))
    if (!(await tx.cards.fingerprintsUsedInMonth(payment.customerId, month)).includes(card.fingerprint)) {
      await tx.cards.recordUseInMonth(payment.customerId, month, card.fingerprint, payment.createdAt)
    }
    return
  }
  await tx.cards.releaseHeldUse(payment.id)
  await tx.cards.drop(card.id, 'pending')
}
