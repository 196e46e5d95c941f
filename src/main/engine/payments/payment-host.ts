/**
 * The card processing host (outside the bank's walls): authorisation with an idempotency key, so
 * a retried request is answered with the first result and never charged twice.
 */
export interface AuthorizeRequest {
  idempotencyKey: string
  pan: string
  expMonth: number
  expYear: number
  /** Present for a first payment (S14.1e); a saved card is charged as card-on-file. Zeroed by the caller afterwards. */
  cvv: Buffer | null
  amountTiyn: number
  currency: 'KZT'
  merchantRef: string
}

export interface AuthorizeResult {
  status: 'approved' | 'declined'
  hostRef: string
  threeDsEnrolled: boolean
  threeDs: 'authenticated' | 'bypassed' | 'not-enrolled'
  declineReason: string | null
}

export class HostTimeoutError extends Error {
  constructor() {
    super('The card processing host did not answer in time.')
    this.name = 'HostTimeoutError'
  }
}

export interface PaymentHost {
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult>
  /** What the host knows about an idempotency key: the first result, or null if it never saw it. */
  status(idempotencyKey: string): Promise<AuthorizeResult | null>
  refund(req: { idempotencyKey: string; hostRef: string; amountTiyn: number }): Promise<{ refundRef: string }>
}
