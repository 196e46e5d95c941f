import type { ApprovalKind } from '../../shared/dto'
import { assertApprovalPolicy, DEFAULT_APPROVAL_POLICY, isApprovalKind, MANDATORY_TWO_PERSON, type ApprovalPolicy } from '../engine/approvals/approval-rules'

/**
 * Four-eyes policy (issue 13) from the environment:
 * - TELLER_FOUR_EYES: extra actions needing a second supervisor, comma-separated
 *   (`customer.unlock`, `staff.unlock`); the mandatory ones always do and cannot be turned off.
 * - TELLER_APPROVAL_EXPIRY_MINUTES: how long a request waits (default 30, 1..1440).
 */
export function readApprovalPolicy(env: NodeJS.ProcessEnv): ApprovalPolicy {
  const listed = (env.TELLER_FOUR_EYES ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = listed.filter((k) => !isApprovalKind(k))
  if (unknown.length) throw new Error(`TELLER_FOUR_EYES names unknown actions (${unknown.join(', ')}); known: customer.unlock, staff.unlock (the others always need two supervisors).`)
  const twoPerson = listed.filter((k): k is ApprovalKind => isApprovalKind(k) && !MANDATORY_TWO_PERSON.includes(k))
  const raw = env.TELLER_APPROVAL_EXPIRY_MINUTES
  const expiryMinutes = raw === undefined || raw === '' ? DEFAULT_APPROVAL_POLICY.expiryMinutes : /^\d+$/.test(raw) ? Number(raw) : NaN
  const policy = { twoPerson, expiryMinutes }
  try {
    assertApprovalPolicy(policy)
  } catch (e) {
    throw new Error(`TELLER_APPROVAL_EXPIRY_MINUTES: ${(e as Error).message}`, { cause: e })
  }
  return policy
}
