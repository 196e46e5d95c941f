import type { CardRow } from './card.repo'

export type PaymentState = 'pending' | 'approved' | 'declined' | 'failed' | 'refunded'
export type ThreeDsResult = 'authenticated' | 'bypassed' | 'not-enrolled'

export interface PaymentRow {
  id: string
  /** One per confirmed payment intent: a retried or replayed submission finds this row. */
  idempotencyKey: string
  customerId: string
  cardId: string
  providerId: string
  /** JSON of the provider's payment parameters (account numbers...), never card data; sealed (issue 15). */
  params: string
  /** Keyed blind index of the payee (the first parameter), for searches by payee; null only before the start step. */
  payeeIndex: string | null
  amountTiyn: number
  currency: 'KZT'
  state: PaymentState
  hostRef: string | null
  threeDs: ThreeDsResult | null
  /** S18: approved without 3-D Secure for an enrolled card: the guaranteed refund applies. */
  threeDsBypassed: boolean
  declineReason: string | null
  staffId: string | null
  workstation: string
  createdAt: string
  updatedAt: string
  refundedAt: string | null
  refundReason: string | null
  refundedBy: string | null
  /** Receipts printed so far (migration 12): every print after the first is a duplicate. */
  receiptPrints?: number
}

/** What the host's answer changes on a pending payment. */
export type PaymentOutcome = Pick<PaymentRow, 'state' | 'hostRef' | 'threeDs' | 'threeDsBypassed' | 'declineReason' | 'updatedAt'>

export type PaymentRefund = Pick<PaymentRow, 'refundedAt' | 'refundReason' | 'refundedBy' | 'updatedAt'> & { state: 'refunded' }

/** A payment with what its receipt shows of the card and the customer, read in one query. */
export interface PaymentReceiptRow {
  payment: PaymentRow
  card: Pick<CardRow, 'masked' | 'brand'>
  /** The customer's phone as stored: sealed, or in clear on a row older than migration 5. */
  customer: { id: string; phoneSealed: string | null; legacyPhone: string | null }
}

/** The store port for payments (implemented by the store's SqlPaymentRepo). */
export interface PaymentRepo {
  findById(paymentId: string): Promise<PaymentRow | null>
  findOfCustomer(paymentId: string, customerId: string): Promise<PaymentRow | null>
  /** Payments whose host reply was lost, to settle from the host's record. */
  findPending(): Promise<PaymentRow[]>
  insert(row: PaymentRow): Promise<void>
  /**
   * Only while still pending; false when the payment was settled meanwhile (another round, or the
   * confirm itself) and perhaps refunded since: a late answer never overwrites a later state.
   */
  recordOutcome(paymentId: string, outcome: PaymentOutcome): Promise<boolean>
  /** The host never saw the payment: nothing was charged. Only while still pending. */
  markNeverReceived(paymentId: string, at: string): Promise<boolean>
  /** Only while still approved; false when another refund got there first. */
  markRefunded(paymentId: string, refund: PaymentRefund): Promise<boolean>
  receiptById(paymentId: string): Promise<PaymentReceiptRow | null>
  receiptByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<PaymentReceiptRow | null>
  /** A customer's latest payments, newest first. */
  historyOf(customerId: string, limit: number): Promise<PaymentReceiptRow[]>
  /** S18: approved payments that bypassed 3-D Secure on an enrolled card, newest first. */
  flaggedForRefund(): Promise<PaymentReceiptRow[]>
  /** One more receipt printed for this payment; the count including this one. */
  countReceiptPrint(paymentId: string): Promise<number>
  /** Payments to one payee, found by its keyed index (issue 15), newest first. */
  /** Payments whose payee index is any of `payeeIndexes` (one per live blind-index version), newest first. */
  byPayeeIndex(payeeIndexes: readonly string[], limit: number): Promise<PaymentReceiptRow[]>
}
