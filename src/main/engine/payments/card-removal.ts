import type { SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { sessionKeyLock } from '../session-keys/session-keys.service'
import type { OperationToConfirm, TransactionConfirmations } from '../session-keys/transaction-confirmation'
import { cardsLock } from './card-month-claim'
import { last4Of } from './card-purge-rules'
import type { CardRow } from './card.repo'
import type { PaymentCustomer } from './payment-intents'

/** The operation a removal key confirms: this card (its id and keyed fingerprint), nothing else. */
export function cardRemovalOp(card: Pick<CardRow, 'id' | 'fingerprint'>): OperationToConfirm {
  return { kind: 'card-removal', amountTiyn: 0, currency: 'KZT', payee: `card:${card.id}`, cardFingerprint: card.fingerprint }
}

export interface CardRemovalAsked {
  keySent: SessionKeySentDto
  cardMasked: string
}

/**
 * Issue 12 (S15.2): the customer removes a saved card with a session key whose SMS names the
 * removal and the card's last 4, bound to exactly that card. On the right key the sealed PAN is
 * overwritten (the card 'dropped', as the purge does), the key spent and `card.removed` audited
 * (last 4 only) in one transaction; the payment history keeps the masked number.
 */
export class CardRemoval {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly confirmations: TransactionConfirmations,
    private readonly audit: AuditService,
  ) {}

  private async card(customerId: string, cardId: string): Promise<CardRow> {
    const row = await this.uow.repos.cards.findForCustomer(customerId, cardId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, "This card is not in the customer's list.")
    return row
  }

  /** A key to the customer's phone for removing one of their saved cards (another customer's card: NOT_FOUND, no SMS). */
  async request(customer: PaymentCustomer, cardId: string, actor: Actor): Promise<CardRemovalAsked> {
    const card = await this.card(customer.customerId, cardId)
    const keySent = await this.confirmations.requestCardRemoval(customer.phone, cardRemovalOp(card), actor, last4Of(card.masked))
    return { keySent, cardMasked: card.masked }
  }

  /** The key typed on the customer window: a wrong one is counted (tries left), the right one removes the card. */
  async confirm(customer: PaymentCustomer, cardId: string, code: string, actor: Actor): Promise<{ cardMasked: string }> {
    const card = await this.card(customer.customerId, cardId)
    const at = this.clock.now()
    const step = await this.uow.transaction([sessionKeyLock(customer.phone), cardsLock(customer.customerId)], async (tx) => {
      const key = await this.confirmations.confirmIn(tx, customer.phone, cardRemovalOp(card), code, actor, at.getTime())
      if (!key.ok) return { refused: key.error }
      // A payment still waiting for the host needs the card: nothing is spent, the customer may try later.
      if (!(await tx.cards.drop(card.id, 'saved'))) throw new EngineError(ErrorCode.CONFLICT, 'A payment with this card is still waiting for an answer. Try again later.')
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: customer.phone,
        action: 'card.removed',
        outcome: 'success',
        details: { cardLast4: last4Of(card.masked) },
      })
      return { removed: true as const }
    })
    if ('refused' in step) throw step.refused
    return { cardMasked: card.masked }
  }
}
