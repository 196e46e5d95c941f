import { randomUUID } from 'node:crypto'
import { HostTimeoutError, type AuthorizeRequest, type AuthorizeResult, type PaymentHost } from './payment-host'

/**
 * Behaviour of test cards by their first 8 digits (README, "Test cards"). Anything else in a
 * Kazakh range is approved with 3-D Secure authenticated.
 */
export const SIMULATOR_CARDS: Record<string, { outcome: 'approve' | 'decline' | 'timeout-once'; threeDs: AuthorizeResult['threeDs'] }> = {
  '44004300': { outcome: 'approve', threeDs: 'authenticated' },
  '44004301': { outcome: 'approve', threeDs: 'bypassed' },
  '44004302': { outcome: 'decline', threeDs: 'authenticated' },
  '44004303': { outcome: 'timeout-once', threeDs: 'authenticated' },
  '44004304': { outcome: 'approve', threeDs: 'not-enrolled' },
}

/**
 * The embedded card processing host simulator: it keeps its own ledger by idempotency key, like
 * a real acquirer, so the engine's "never charge twice" guarantee is tested against the host's
 * view of what was charged. `timeout-once` cards are charged but the first reply is lost.
 */
export class SimulatorHost implements PaymentHost {
  readonly ledger = new Map<string, AuthorizeResult & { amountTiyn: number; charges: number }>()
  readonly refunds = new Map<string, { hostRef: string; amountTiyn: number }>()
  private readonly timedOut = new Set<string>()

  async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    const seen = this.ledger.get(req.idempotencyKey)
    if (seen) return this.strip(seen)
    const rule = SIMULATOR_CARDS[req.pan.slice(0, 8)] ?? { outcome: 'approve' as const, threeDs: 'authenticated' as const }
    if (req.cvv !== null && !/^\d{3,4}$/.test(req.cvv.toString('utf8'))) {
      return this.remember(req, { status: 'declined', hostRef: randomUUID(), threeDsEnrolled: true, threeDs: 'authenticated', declineReason: 'cvv' })
    }
    const result: AuthorizeResult = {
      status: rule.outcome === 'decline' ? 'declined' : 'approved',
      hostRef: randomUUID(),
      threeDsEnrolled: rule.threeDs !== 'not-enrolled',
      threeDs: rule.threeDs,
      declineReason: rule.outcome === 'decline' ? 'insufficient-funds' : null,
    }
    this.remember(req, result)
    if (rule.outcome === 'timeout-once' && !this.timedOut.has(req.pan)) {
      this.timedOut.add(req.pan)
      throw new HostTimeoutError()
    }
    return result
  }

  async status(idempotencyKey: string): Promise<AuthorizeResult | null> {
    const seen = this.ledger.get(idempotencyKey)
    return seen ? this.strip(seen) : null
  }

  async refund(req: { idempotencyKey: string; hostRef: string; amountTiyn: number }): Promise<{ refundRef: string }> {
    if (!this.refunds.has(req.idempotencyKey)) this.refunds.set(req.idempotencyKey, { hostRef: req.hostRef, amountTiyn: req.amountTiyn })
    return { refundRef: `r-${req.idempotencyKey}` }
  }

  /** Total charges the host made for an idempotency key (1 at most, whatever the retries). */
  chargesFor(idempotencyKey: string): number {
    return this.ledger.get(idempotencyKey)?.charges ?? 0
  }

  private remember(req: AuthorizeRequest, result: AuthorizeResult): AuthorizeResult {
    this.ledger.set(req.idempotencyKey, { ...result, amountTiyn: req.amountTiyn, charges: result.status === 'approved' ? 1 : 0 })
    return result
  }

  private strip(r: AuthorizeResult): AuthorizeResult {
    return { status: r.status, hostRef: r.hostRef, threeDsEnrolled: r.threeDsEnrolled, threeDs: r.threeDs, declineReason: r.declineReason }
  }
}
