import type { PaymentIntentDto, PaymentReceiptDto, SavedCardDto } from '../../../shared/dto'
import type { AuditService } from '../audit/audit.service'
import type { CustomerVault } from '../customers/customer-vault'
import type { FieldSeal } from '../crypto/field-seal'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { TransactionConfirmations } from '../session-keys/transaction-confirmation'
import { claimCardThisMonth } from './card-month-claim'
import type { CardVault } from './card-vault'
import type { ProviderCatalog } from './catalog'
import type { PaymentHost } from './payment-host'
import { PaymentExecution } from './payment-execution'
import { PaymentIntents, type PaymentCustomer, type StartPayment } from './payment-intents'
import { PaymentReceipts } from './payment-receipts'
import { PaymentRefunds } from './payment-refunds'
import type { RefundCause } from './payment-rules'
import { PaymentSettlement } from './payment-settlement'
import { PaymentStart } from './payment-start'

export type { PaymentCustomer, StartPayment } from './payment-intents'
export { MAX_CARDS_PER_MONTH, monthOf, nextMonthStart } from './payment-rules'

/**
 * Card payments (S14, S15, S18): first payment with a new card, repeat payment with a saved card,
 * each confirmed by a session key bound to that payment, counted against the 3-cards-a-month
 * limit atomically, and sent to the host once per idempotency key.
 */
export class PaymentService {
  private readonly intents = new PaymentIntents()
  private readonly starts: PaymentStart
  private readonly execution: PaymentExecution
  private readonly settlement: PaymentSettlement
  private readonly receipts: PaymentReceipts
  private readonly refunds: PaymentRefunds

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly vault: CardVault,
    host: PaymentHost,
    confirmations: TransactionConfirmations,
    catalog: ProviderCatalog,
    private readonly audit: AuditService,
    customers: CustomerVault,
    private readonly fields: FieldSeal,
  ) {
    this.receipts = new PaymentReceipts(uow, customers, fields)
    this.settlement = new PaymentSettlement(uow, clock, host, audit)
    this.starts = new PaymentStart(uow, clock, vault, confirmations, catalog, audit, this.intents)
    this.execution = new PaymentExecution(uow, clock, vault, host, confirmations, audit, this.intents, this.receipts, this.settlement, fields)
    this.refunds = new PaymentRefunds(uow, clock, host, audit, this.receipts, fields)
  }

  cards(customerId: string): Promise<SavedCardDto[]> {
    return this.vault.list(customerId)
  }

  /** The saved cards of the customer at the counter, as the teller reads them: recorded (issue 14). */
  async cardsFor(customer: PaymentCustomer, actor: Actor): Promise<SavedCardDto[]> {
    const cards = await this.vault.list(customer.customerId)
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: customer.phone, action: 'cards.view', outcome: 'success', details: { count: cards.length } })
    return cards
  }

  /** The payment history of the customer at the counter, as the teller reads it: recorded (issue 14). */
  async historyFor(customer: PaymentCustomer, actor: Actor): Promise<PaymentReceiptDto[]> {
    const history = await this.receipts.history(customer.customerId)
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: customer.phone, action: 'payment.history', outcome: 'success', details: { count: history.length } })
    return history
  }

  /** Steps a-e of S14: checks everything, then sends the session key bound to this payment (S15.2). */
  start(customer: PaymentCustomer, req: StartPayment, actor: Actor): Promise<PaymentIntentDto> {
    return this.starts.start(customer, req, actor)
  }

  /** Step f: the session key, then the charge; a repeated submission gets the first one's result. */
  confirm(customer: PaymentCustomer, intentId: string, code: string, actor: Actor): Promise<PaymentReceiptDto> {
    return this.execution.confirm(customer, intentId, code, actor)
  }

  /** The S15.3 claim in a transaction of its own (used by the branch-mode concurrency test). */
  claimCardThisMonth(customerId: string, fingerprint: string): Promise<void> {
    return claimCardThisMonth(this.uow, this.clock, customerId, fingerprint)
  }

  /** Drops intents older than 15 minutes and zeroes their CVVs (also run on a timer by the engine). */
  sweep(): void {
    this.intents.sweep(this.clock.now().getTime())
  }

  /** Payments whose host reply was lost are settled from the host's own record (never re-sent). */
  reconcilePending(): Promise<number> {
    return this.settlement.reconcilePending()
  }

  history(customerId: string): Promise<PaymentReceiptDto[]> {
    return this.receipts.history(customerId)
  }

  /** Payments of any customer to one payee (subscriber number, account...), by its keyed index (issue 15). */
  byPayee(payee: string): Promise<PaymentReceiptDto[]> {
    return this.receipts.byPayee(payee)
  }

  /** S18: approved payments that bypassed 3-D Secure on an enrolled card, not yet refunded. */
  flaggedForRefund(): Promise<PaymentReceiptDto[]> {
    return this.receipts.flaggedForRefund()
  }

  /** The guaranteed refund (S18) or a fraud-case refund (S19): once per payment, whatever the retries. */
  refund(paymentId: string, reason: string, actor: Actor, cause: RefundCause): Promise<PaymentReceiptDto> {
    return this.refunds.refund(paymentId, reason, actor, cause)
  }
}
