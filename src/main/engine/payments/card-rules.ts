import { ErrorCode } from '../../../shared/errors'
import { almatyDay } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'

/** A card is good through the last day of its expiry month, in Almaty time. */
export function assertNotExpired(expMonth: number, expYear: number, now: Date): void {
  const [y, m] = almatyDay(now).split('-').map(Number) as [number, number]
  if (expYear * 12 + expMonth < y * 12 + m) {
    throw new EngineError(ErrorCode.CARD_EXPIRED, 'The card has expired or the expiry date is not valid.')
  }
}

/** First 6 and last 4 digits shown (PCI DSS 3.4.1); PANs are at least 16 digits, so 6 or more stay hidden. */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`
}

/** "MM/YY", as printed on the card. */
export function expiryLabel(expMonth: number, expYear: number): string {
  return `${String(expMonth).padStart(2, '0')}/${String(expYear).slice(-2)}`
}
