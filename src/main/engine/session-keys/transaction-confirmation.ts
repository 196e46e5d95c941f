import { createHash } from 'node:crypto'
import type { SessionKeySentDto } from '../../../shared/dto'
import type { ConfirmedKey, SessionKeyService } from './session-keys.service'
import type { Actor } from '../kernel/actor'
import type { Repos } from '../kernel/unit-of-work'
import type { OperationSummary } from './sms-text-rules'

/** What a transaction key confirms (S12, S15.2): the operation, not just the customer. */
export interface OperationToConfirm {
  /** e.g. 'payment', 'refund'. */
  kind: string
  /** Integer tiyn (1 KZT = 100 tiyn). */
  amountTiyn: number
  currency: 'KZT'
  /** Provider id and the payment parameters that identify the payee (account, phone...). */
  payee: string
  /** HMAC fingerprint of the card (never the PAN). */
  cardFingerprint: string
}

/** SHA-256 of the operation's canonical form: any change to amount, payee or card changes it. */
export function operationBinding(op: OperationToConfirm): string {
  const canonical = JSON.stringify([op.kind, op.amountTiyn, op.currency, op.payee, op.cardFingerprint])
  return createHash('sha256').update(canonical).digest('hex')
}

/** "12 345,67 ₸": grouped so the amount can never be mistaken for the six-digit key. */
export function formatTenge(amountTiyn: number): string {
  const tenge = Math.floor(amountTiyn / 100)
  const tiyn = amountTiyn % 100
  const grouped = String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return `${grouped}${tiyn ? ',' + String(tiyn).padStart(2, '0') : ''} ₸`
}

/**
 * The reusable "confirm with a session key" step. The key's stored MAC and binding cover the
 * operation digest, so a key sent for one payment cannot confirm another (other amount, payee
 * or card), and a newer request supersedes the older key.
 */
export class TransactionConfirmations {
  constructor(private readonly keys: SessionKeyService) {}

  /** The SMS names `shown` (provider, payee and card last 4) and the amount; the key is bound to the full operation. */
  request(phone: string, op: OperationToConfirm, actor: Actor, shown: Omit<OperationSummary, 'amountTiyn'>): Promise<SessionKeySentDto> {
    return this.keys.issue(phone, 'transaction', actor, {
      binding: operationBinding(op),
      operation: { ...shown, amountTiyn: op.amountTiyn },
    })
  }

  /** S15.2: a key bound to `op` (a card removal), whose SMS names the removal and the card's last 4. */
  requestCardRemoval(phone: string, op: OperationToConfirm, actor: Actor, cardLast4: string): Promise<SessionKeySentDto> {
    return this.keys.issue(phone, 'transaction', actor, { binding: operationBinding(op), cardRemoval: { cardLast4 } })
  }

  confirm(phone: string, op: OperationToConfirm, code: string, actor: Actor): Promise<ConfirmedKey> {
    return this.keys.confirm(phone, 'transaction', code, actor, operationBinding(op))
  }

  /** Inside the caller's transaction holding `sessionKeyLock(phone)`: the key is spent with what the caller writes next, or not at all. */
  confirmIn(tx: Repos, phone: string, op: OperationToConfirm, code: string, actor: Actor, nowMs: number): ReturnType<SessionKeyService['confirmIn']> {
    return this.keys.confirmIn(tx, phone, 'transaction', code, actor, operationBinding(op), nowMs)
  }
}
