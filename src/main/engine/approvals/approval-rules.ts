import type { ApprovalKind, ApprovalStatus } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'

/**
 * Four-eyes approval (issue 13; PCI DSS v4 7.2 least privilege and separation of duties, 8.2):
 * which supervisor actions wait for a second, different supervisor. Pure rules only.
 */

export const APPROVAL_KINDS: readonly ApprovalKind[] = [
  'customer.unlock',
  'customer.unblock',
  'staff.unlock',
  'payment.refund',
  'fraud.resolve',
  'staff.createSupervisor',
  'staff.setRole',
  'staff.resetSecondFactor',
  'keys.rotate',
]

/** Always two people, whatever the configuration says. */
export const MANDATORY_TWO_PERSON: readonly ApprovalKind[] = [
  'customer.unblock',
  'payment.refund',
  'fraud.resolve',
  'staff.createSupervisor',
  'staff.setRole',
  'staff.resetSecondFactor',
  'keys.rotate',
]

export interface ApprovalPolicy {
  /**
   * Kinds that need a second supervisor besides the mandatory ones (a branch may add lifting a
   * 15-minute customer lockout or a staff lockout early; by default one supervisor with a reason
   * does it, because a branch may have only one supervisor on shift and the lock ends by itself).
   */
  twoPerson: readonly ApprovalKind[]
  /** How long a request waits for its checker (minutes). */
  expiryMinutes: number
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = { twoPerson: [], expiryMinutes: 30 }
export const MAX_EXPIRY_MINUTES = 24 * 60

export function isApprovalKind(value: string): value is ApprovalKind {
  return (APPROVAL_KINDS as readonly string[]).includes(value)
}

/** Refuses an unknown kind or an expiry outside 1 minute .. 24 hours; mandatory kinds cannot be dropped (they are not listed here). */
export function assertApprovalPolicy(policy: ApprovalPolicy): void {
  for (const k of policy.twoPerson) if (!isApprovalKind(k)) throw new Error(`Unknown four-eyes action "${String(k)}".`)
  if (!Number.isInteger(policy.expiryMinutes) || policy.expiryMinutes < 1 || policy.expiryMinutes > MAX_EXPIRY_MINUTES) {
    throw new Error(`A four-eyes request must expire after 1 to ${MAX_EXPIRY_MINUTES} minutes.`)
  }
}

/** Whether this action waits for a second supervisor: mandatory kinds always, others when the policy adds them. */
export function needsSecondApprover(kind: ApprovalKind, policy: ApprovalPolicy): boolean {
  return MANDATORY_TWO_PERSON.includes(kind) || policy.twoPerson.includes(kind)
}

export interface DecidableRequest {
  makerId: string
  status: ApprovalStatus
  expiresAt: string
}

export type DecisionRefusal = 'self' | 'expired' | 'decided'

/** Why a checker may not decide this request now (null: they may). Self first: it is audited as such. */
export function decisionRefusal(req: DecidableRequest, checkerId: string, nowMs: number): DecisionRefusal | null {
  if (req.makerId === checkerId) return 'self'
  if (req.status === 'pending' && Date.parse(req.expiresAt) <= nowMs) return 'expired'
  if (req.status !== 'pending') return req.status === 'expired' ? 'expired' : 'decided'
  return null
}

export function refusalError(refusal: DecisionRefusal): EngineError {
  switch (refusal) {
    case 'self':
      return new EngineError(ErrorCode.APPROVAL_SELF, 'You made this request: a different supervisor must decide it.')
    case 'expired':
      return new EngineError(ErrorCode.APPROVAL_EXPIRED, 'This request has expired.')
    case 'decided':
      return new EngineError(ErrorCode.APPROVAL_DECIDED, 'This request has already been decided.')
  }
}
