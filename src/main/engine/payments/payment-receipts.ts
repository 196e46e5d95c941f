import type { PaymentReceiptDto } from '../../../shared/dto'
import type { CustomerVault } from '../customers/customer-vault'
import { INDEX_DOMAIN, type FieldSeal } from '../crypto/field-seal'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { CardRow } from './card.repo'
import type { PaymentReceiptRow, PaymentRow } from './payment.repo'

const HISTORY_LIMIT = 100

export function toReceipt(p: PaymentRow, card: Pick<CardRow, 'masked' | 'brand'>, customerPhone: string, params: Record<string, string>): PaymentReceiptDto {
  return {
    paymentId: p.id,
    state: p.state,
    providerId: p.providerId,
    params,
    amountTiyn: p.amountTiyn,
    cardMasked: card.masked,
    brand: card.brand,
    hostRef: p.hostRef,
    threeDs: p.threeDs,
    threeDsBypassed: p.threeDsBypassed,
    declineReason: p.declineReason,
    at: p.createdAt,
    customerPhone,
    refundedAt: p.refundedAt,
  }
}

/** Receipts and payment lists: each list is one query (payment, card and customer joined). */
export class PaymentReceipts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomerVault,
    private readonly fields: FieldSeal,
  ) {}

  /** The customer's phone from the sealed value read along with the payment. */
  phoneOf(row: PaymentReceiptRow): string {
    return this.customers.openPhone(row.customer.id, row.customer.phoneSealed, row.customer.legacyPhone)
  }

  of(row: PaymentReceiptRow, payment: PaymentRow = row.payment): PaymentReceiptDto {
    return toReceipt(payment, row.card, this.phoneOf(row), JSON.parse(this.fields.open('payment.params', payment.id, payment.params)) as Record<string, string>)
  }

  async byIdempotencyKey(customerId: string, idempotencyKey: string): Promise<PaymentReceiptDto | null> {
    const row = await this.uow.repos.payments.receiptByIdempotencyKey(customerId, idempotencyKey)
    return row && this.of(row)
  }

  /** The receipt of a payment as the caller holds it, with its card and phone as stored. */
  async ofPayment(payment: PaymentRow): Promise<PaymentReceiptDto> {
    const row = await this.uow.repos.payments.receiptById(payment.id)
    if (!row) throw new Error(`Payment ${payment.id} is missing.`)
    return this.of(row, payment)
  }

  async history(customerId: string): Promise<PaymentReceiptDto[]> {
    return (await this.uow.repos.payments.historyOf(customerId, HISTORY_LIMIT)).map((r) => this.of(r))
  }

  /** Every payment (of any customer) to this payee, by its keyed index: for a fraud case (issue 15). */
  async byPayee(payee: string): Promise<PaymentReceiptDto[]> {
    const indexes = await this.fields.indexes(INDEX_DOMAIN.payee, payee.replace(/\s+/g, ''))
    return (await this.uow.repos.payments.byPayeeIndex(indexes, HISTORY_LIMIT)).map((r) => this.of(r))
  }

  /** S18: approved payments that bypassed 3-D Secure on an enrolled card, not yet refunded. */
  async flaggedForRefund(): Promise<PaymentReceiptDto[]> {
    return (await this.uow.repos.payments.flaggedForRefund()).map((r) => this.of(r))
  }
}
