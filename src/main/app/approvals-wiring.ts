import { assertApprovalPolicy, DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../engine/approvals/approval-rules'
import { ApprovalService } from '../engine/approvals/approvals.service'
import { SupervisorOverrides, type OverrideServices } from '../engine/approvals/supervisor-overrides'
import type { AuditService } from '../engine/audit/audit.service'
import type { KeyRing } from '../engine/crypto/key-ring'
import type { Clock } from '../engine/kernel/clock'
import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import { PasswordReauth } from '../engine/staff/staff-reauth'
import type { StaffSignIn } from '../engine/staff/staff-sign-in'

/** Four-eyes approval (issue 13): the request store and the supervisor actions under its policy. */
export function createApprovals(
  core: { uow: UnitOfWork; clock: Clock; keys: KeyRing; audit: AuditService; policy: ApprovalPolicy | undefined; staffSignIn: StaffSignIn },
  services: OverrideServices,
): { approvals: ApprovalService; overrides: SupervisorOverrides } {
  const policy = core.policy ?? DEFAULT_APPROVAL_POLICY
  // Never laxer than the mandatory actions, whoever built the configuration.
  assertApprovalPolicy(policy)
  const approvals = new ApprovalService(core.uow, core.clock, core.keys, core.audit, policy, new PasswordReauth(core.staffSignIn))
  return { approvals, overrides: new SupervisorOverrides(approvals, services, core.uow, core.clock) }
}
