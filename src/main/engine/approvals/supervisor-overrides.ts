import type { FraudCaseDto, PaymentReceiptDto, StaffMemberDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { CustomerVault } from '../customers/customer-vault'
import { liftable } from '../customers/customer-rules'
import type { CustomerService } from '../customers/customer.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { DisputesDesk } from '../payments/disputes-desk.service'
import { decideStatusChange } from '../payments/fraud-rules'
import type { FraudService } from '../payments/fraud.service'
import type { FraudResolution, FraudStatus } from '../payments/fraud.repo'
import { assertRefundable } from '../payments/payment-rules'
import type { StaffAccess } from '../staff/staff-access.service'
import type { NewStaff } from '../staff/staff.service'
import type { ApprovalService } from './approvals.service'

const CREATE_SUPERVISOR_REASON = 'New supervisor account'

export interface OverrideServices {
  customers: Pick<CustomerService, 'unblock'>
  customerVault: Pick<CustomerVault, 'findByPhone'>
  staffAccess: Pick<StaffAccess, 'unlock' | 'create' | 'resetSecondFactor'>
  disputes: Pick<DisputesDesk, 'guaranteedRefund'>
  fraud: Pick<FraudService, 'setStatus'>
  hasher: Pick<PasswordHasher, 'hash'>
}

/**
 * The supervisor actions under the four-eyes policy (issue 13). Each checks its request first (bad
 * input is refused at once, not after a second supervisor's time), then acts at once when one
 * supervisor may, or stores a pending request; the approval later runs the same action as the checker.
 */
export class SupervisorOverrides {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly s: OverrideServices,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {
    const text = (v: string | null | undefined) => v ?? ''
    approvals.register('customer.unblock', { execute: (p, reason, actor) => s.customers.unblock(text(p.phone), reason, actor), summary: (p) => ({ phone: text(p.phone) }) })
    approvals.register('customer.unlock', { execute: (p, reason, actor) => s.customers.unblock(text(p.phone), reason, actor), summary: (p) => ({ phone: text(p.phone) }) })
    approvals.register('staff.unlock', { execute: (p, reason, actor) => s.staffAccess.unlock(text(p.staffId), reason, actor), summary: (p) => ({ staffId: text(p.staffId), login: text(p.login) }) })
    approvals.register('staff.resetSecondFactor', {
      execute: (p, reason, actor) => s.staffAccess.resetSecondFactor(text(p.staffId), reason, actor),
      summary: (p) => ({ staffId: text(p.staffId), login: text(p.login) }),
    })
    approvals.register('payment.refund', { execute: (p, reason, actor) => s.disputes.guaranteedRefund(text(p.paymentId), reason, actor), summary: (p) => ({ paymentId: text(p.paymentId) }) })
    approvals.register('fraud.resolve', {
      execute: (p, _reason, actor) => s.fraud.setStatus(text(p.caseId), p.status as FraudStatus, (p.resolution as FraudResolution | null) ?? null, actor),
      summary: (p) => ({ caseId: text(p.caseId), status: text(p.status), resolution: text(p.resolution) }),
    })
    approvals.register('staff.createSupervisor', {
      execute: (p, _reason, actor) => s.staffAccess.create({ login: text(p.login), displayName: text(p.displayName), role: 'supervisor', passwordHash: text(p.passwordHash) }, actor),
      summary: (p) => ({ login: text(p.login), displayName: text(p.displayName) }),
    })
  }

  /** S11/S13: a lockout (policy: one supervisor by default) or a bank block (always two). */
  async unblockCustomer(phoneInput: string, reason: string, actor: Actor): Promise<null> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.s.customerVault.findByPhone(phone)
    const what = row ? liftable(row, this.clock.now().getTime()) : []
    // Unknown or not locked: the action itself refuses with its own code, at once.
    if (what.length === 0) return this.s.customers.unblock(phone, reason, actor).then(() => null)
    const kind = what.includes('block') ? 'customer.unblock' : 'customer.unlock'
    await this.approvals.gate(kind, { phone }, reason, actor, () => this.s.customers.unblock(phone, reason, actor))
    return null
  }

  /** PCI DSS 8.4.2 + four eyes: resetting another staff member's second factor (always two supervisors). */
  async resetSecondFactor(staffId: string, reason: string, actor: Actor): Promise<null> {
    const target = await this.uow.repos.staff.findById(staffId)
    // Unknown or oneself: the action itself refuses with its own code, at once.
    if (!target || staffId === actor.staffId) return this.s.staffAccess.resetSecondFactor(staffId, reason, actor).then(() => null)
    await this.approvals.gate('staff.resetSecondFactor', { staffId, login: target.login }, reason, actor, () => this.s.staffAccess.resetSecondFactor(staffId, reason, actor))
    return null
  }

  /** PCI DSS 8.3.4: lifting a staff lockout early (policy: one supervisor by default, never oneself). */
  async unlockStaff(staffId: string, reason: string, actor: Actor): Promise<StaffMemberDto> {
    const target = await this.uow.repos.staff.findById(staffId)
    const locked = target?.lockedUntil != null && Date.parse(target.lockedUntil) > this.clock.now().getTime()
    if (!target || !locked || staffId === actor.staffId) return this.s.staffAccess.unlock(staffId, reason, actor)
    return this.approvals.gate('staff.unlock', { staffId, login: target.login }, reason, actor, () => this.s.staffAccess.unlock(staffId, reason, actor))
  }

  /** A new teller at once; a new supervisor only with a second supervisor (the password kept as its hash only). */
  async createStaff(input: NewStaff, actor: Actor): Promise<StaffMemberDto> {
    if (input.role !== 'supervisor') return this.s.staffAccess.create(input, actor)
    const login = input.login.trim().toLowerCase()
    if (await this.uow.repos.staff.loginTaken(login)) throw new EngineError(ErrorCode.CONFLICT, 'A staff member with this login already exists.')
    const passwordHash = await this.s.hasher.hash(input.password)
    return this.approvals.gate('staff.createSupervisor', { login, displayName: input.displayName.trim(), passwordHash }, CREATE_SUPERVISOR_REASON, actor, () =>
      this.s.staffAccess.create({ ...input, login }, actor),
    )
  }

  /** S18: the guaranteed refund (always two supervisors). */
  async refund(paymentId: string, reason: string, actor: Actor): Promise<PaymentReceiptDto> {
    const p = await this.uow.repos.payments.findById(paymentId)
    if (!p) throw new EngineError(ErrorCode.NOT_FOUND, 'Payment not found.')
    assertRefundable(p, 's18-3ds-bypass')
    return this.approvals.gate('payment.refund', { paymentId }, reason, actor, () => this.s.disputes.guaranteedRefund(paymentId, reason, actor))
  }

  /** S19: resolving a lost-card case, or any resolution that refunds, needs two supervisors; other steps do not. */
  async setFraudStatus(caseId: string, status: FraudStatus, resolution: FraudResolution | null, actor: Actor): Promise<FraudCaseDto> {
    const row = await this.uow.repos.fraud.findCase(caseId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'Fraud case not found.')
    const change = decideStatusChange(row, status, resolution)
    const resolves = change.refundPaymentId !== null || (row.kind === 'lost-card' && change.resolution !== row.resolution)
    const act = () => this.s.fraud.setStatus(caseId, status, resolution, actor)
    if (!resolves) return act()
    return this.approvals.gate('fraud.resolve', { caseId, status, resolution }, `Fraud case ${status}${change.resolution ? ` (${change.resolution})` : ''}`, actor, act)
  }
}
