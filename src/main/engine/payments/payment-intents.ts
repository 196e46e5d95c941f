import type { PaymentReceiptDto } from '../../../shared/dto'
import type { OperationToConfirm } from '../session-keys/transaction-confirmation'
import type { CheckedCard, NewCardInput } from './card-vault'
import { intentExpired } from './payment-rules'

export interface PaymentCustomer {
  customerId: string
  phone: string
}

export interface StartPayment {
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  card: ({ kind: 'new' } & NewCardInput) | { kind: 'saved'; cardId: string }
}

/** A started payment waiting for its session key. Lives in this process's memory only. */
export interface Intent {
  id: string
  customer: PaymentCustomer
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  fingerprint: string
  brand: string
  masked: string
  newCard: CheckedCard | null
  savedCardId: string | null
  /** First payment only: the CVV, in memory, zeroed after the authorisation call or on expiry. */
  cvv: Buffer | null
  op: OperationToConfirm
  createdAt: number
  inflight: Promise<PaymentReceiptDto> | null
}

/**
 * Started payments by id (S16: the CVV of a first payment is held here and nowhere else, and
 * zeroed whenever an intent leaves, whichever way it leaves).
 */
export class PaymentIntents {
  private readonly byId = new Map<string, Intent>()

  get(id: string): Intent | undefined {
    return this.byId.get(id)
  }

  /** A newer intent's key supersedes the older one's: the customer's older idle intents go. */
  add(intent: Intent): void {
    for (const other of [...this.byId.values()]) {
      if (other.customer.customerId === intent.customer.customerId && !other.inflight) this.discard(other)
    }
    this.byId.set(intent.id, intent)
  }

  discard(intent: Intent): void {
    intent.cvv?.fill(0)
    intent.cvv = null
    this.byId.delete(intent.id)
  }

  /** Drops idle intents older than 15 minutes (an intent being confirmed stays until its call ends). */
  sweep(nowMs: number): void {
    for (const intent of [...this.byId.values()]) {
      if (intentExpired(intent.createdAt, nowMs) && !intent.inflight) this.discard(intent)
    }
  }
}
