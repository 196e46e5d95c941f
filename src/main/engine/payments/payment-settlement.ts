import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { CardRow } from './card.repo'
import type { AuthorizeResult, PaymentHost } from './payment-host'
import { neverReceived, outcomeOf } from './payment-rules'
import type { PaymentRow } from './payment.repo'

/** Pending payments settled from the host's answer, now or later; never sent to the host twice. */
export class PaymentSettlement {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly host: PaymentHost,
  ) {}

  async settle(payment: PaymentRow, result: AuthorizeResult, card: CardRow): Promise<PaymentRow> {
    const outcome = outcomeOf(result, this.clock.now())
    const recorded = await this.uow.serial(async (repos) => {
      const changed = await repos.payments.recordOutcome(payment.id, outcome)
      if (changed && card.threeDsEnrolled !== result.threeDsEnrolled) await repos.cards.setThreeDsEnrolled(card.id, result.threeDsEnrolled)
      return changed
    })
    if (recorded) return { ...payment, ...outcome }
    // Settled meanwhile: what the store holds now is the truth, whatever this late answer says.
    const current = await this.uow.repos.payments.findById(payment.id)
    if (!current) throw new Error(`Payment ${payment.id} is missing.`)
    return current
  }

  /** At start and every minute: payments whose host reply was lost are settled from the host's own record (never re-sent). */
  async reconcilePending(): Promise<number> {
    const pending = await this.uow.repos.payments.findPending()
    let settled = 0
    for (const p of pending) {
      let result: AuthorizeResult | null
      try {
        result = await this.host.status(p.idempotencyKey)
      } catch {
        continue // the host cannot answer now: ask again on the next round
      }
      const card = await this.uow.repos.cards.findById(p.cardId)
      if (!card) throw new Error(`Card ${p.cardId} of payment ${p.id} is missing.`)
      if (result) {
        if ((await this.settle(p, result, card)).state !== 'pending') settled++
      } else if (neverReceived(p.createdAt, this.clock.now())) {
        // The host never saw it: nothing was charged.
        if (await this.uow.serial((repos) => repos.payments.markNeverReceived(p.id, this.clock.now().toISOString()))) settled++
      }
    }
    return settled
  }
}
