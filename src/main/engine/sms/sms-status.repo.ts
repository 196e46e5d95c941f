/**
 * The store port for SMS delivery status (implemented in src/main/store/repos/sms-status.repo.ts).
 * Never the text (it holds a session key) nor the number.
 */
export interface SmsStatusRepo {
  /** A message handed to the gateway: queued, no attempt yet. */
  recordQueued(msg: { id: string; ref: string | null; gateway: string; at: string }): Promise<void>
  /** The operator accepted the message on this attempt. */
  markSent(id: string, attempts: number, providerRef: string | null, at: string): Promise<void>
  /** An attempt failed with this reason; the message may still be retried. */
  recordFailedAttempt(id: string, attempts: number, lastError: string, at: string): Promise<void>
  /** No attempt left: the message was not sent. */
  markFailed(id: string, at: string): Promise<void>
  /** A delivery report from the operator for the message it knows by `providerRef`. */
  recordDelivery(gateway: string, providerRef: string, delivered: boolean, at: string): Promise<void>
}
