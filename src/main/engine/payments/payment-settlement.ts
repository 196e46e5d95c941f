import type { AuditInput, AuditService } from '../audit/audit.service'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { settleCardIn } from './card-enrolment'
import { cardsLock } from './card-month-claim'
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
    private readonly audit: AuditService | null = null,
  ) {}

  /**
   * Records the host's answer; `event` (the caller's audit event for it) commits in the same
   * transaction, so no payment is settled without its event (issue 17).
   */
  async settle(payment: PaymentRow, result: AuthorizeResult, card: CardRow, event?: (settled: PaymentRow) => AuditInput): Promise<PaymentRow> {
    const outcome = outcomeOf(result, this.clock.now())
    return this.uow.transaction([cardsLock(payment.customerId)], async (tx) => {
      const changed = await tx.payments.recordOutcome(payment.id, outcome)
      if (changed) await settleCardIn(tx, payment, card, outcome.state === 'approved')
      if (changed && card.threeDsEnrolled !== result.threeDsEnrolled) await tx.cards.setThreeDsEnrolled(card.id, result.threeDsEnrolled)
      // Settled meanwhile: what the store holds now is the truth, whatever this late answer says.
      const settled = changed ? { ...payment, ...outcome } : await tx.payments.findById(payment.id)
      if (!settled) throw new Error(`Payment ${payment.id} is missing.`)
      if (event && this.audit) await this.audit.recordIn(tx, event(settled))
      return settled
    })
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
        // Audited with the settlement (whoever started the payment, at its workstation).
        const event = (row: PaymentRow): AuditInput => ({
          actorStaffId: null,
          workstation: row.workstation,
          action: 'payment.settle',
          outcome: row.state === 'approved' ? 'success' : 'failure',
          details: { paymentId: row.id, state: row.state, from: 'host-status' },
        })
        if ((await this.settle(p, result, card, event)).state !== 'pending') settled++
      } else if (neverReceived(p.createdAt, this.clock.now())) {
        // The host never saw it: nothing was charged. Given up with its event, in one transaction (issue 14);
        // its card's place in the month is given back and a card kept only for it loses its PAN.
        const given = await this.uow.transaction([cardsLock(p.customerId)], async (tx) => {
          const changed = await tx.payments.markNeverReceived(p.id, this.clock.now().toISOString())
          if (changed) await settleCardIn(tx, p, card, false)
          if (changed && this.audit) {
            await this.audit.recordIn(tx, { actorStaffId: null, workstation: p.workstation, action: 'payment.settle', outcome: 'failure', details: { paymentId: p.id, state: 'failed', from: 'host-never-received' } })
          }
          return changed
        })
        if (given) settled++
      }
    }
    return settled
  }
}
