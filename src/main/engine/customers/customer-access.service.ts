import type { LockoutDto, StaffRole } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { normalisePassword } from '../../../shared/password-rules'
import type { AuditService } from '../audit/audit.service'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { CustomerRepo, CustomerRow } from './customer.repo'
import {
  blockedError,
  byLockoutOrder,
  iso,
  liftable,
  lockedError,
  lockedUntilAt,
  LOCKOUT_MS,
  lockoutEntry,
  MAX_PASSWORD_ATTEMPTS,
  publicView,
  signInRefusal,
  type CustomerPublic,
} from './customer-rules'
import type { CustomerVault } from './customer-vault'

/** The lock a supervisor's block or lift of one customer takes, on every workstation of the branch. */
const customerLock = (phone: string): string => `customer-access:${phone}`

/**
 * Who may act at the counter: sign-in with the atomic three-strike lockout (S5, S11), manual
 * blocks and early unlocks (S13), and the list of everyone without access. Counters and locks
 * live in the store, so every window and every workstation sharing the store sees the same state.
 */
export class CustomerAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly vault: CustomerVault,
  ) {}

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  async requireRegistered(phone: string, customers?: CustomerRepo): Promise<CustomerRow> {
    const row = await this.vault.findByPhone(phone, customers)
    if (!row) throw new EngineError(ErrorCode.NOT_REGISTERED, 'No customer is registered with this phone.')
    return row
  }

  /**
   * S5 login + password with S11. Each attempt first reserves one of the three checks in a single
   * conditional UPDATE; only a reserved attempt reaches the password hash, so however many
   * attempts race, at most three passwords are ever checked before the lockout.
   */
  async signIn(phoneInput: string, password: string, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.vault.findByPhone(phone)
    const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, string | number | boolean | null>) =>
      this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'customer.signIn', outcome, details })
    if (!row) {
      await this.hasher.verify(null, password) // same cost as a real check: no "unknown phone" oracle
      await audit('failure', { reason: ErrorCode.NOT_REGISTERED })
      throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'Wrong login or password.')
    }

    const nowIso = iso(this.nowMs())
    // The reservation that takes the last check locks at once (S11); the lock commits with its audit event (issue 14).
    const reservation = await this.uow.transaction([], async (tx) => {
      const r = await tx.customers.reserveSignInAttempt(row.id, nowIso, iso(this.nowMs() + LOCKOUT_MS), MAX_PASSWORD_ATTEMPTS)
      if (r.reserved && r.after.failedAttempts >= MAX_PASSWORD_ATTEMPTS) {
        await this.audit.recordIn(tx, {
          actorStaffId: actor.staffId,
          workstation: actor.workstation,
          customerRef: phone,
          action: 'customer.lockout',
          outcome: 'success',
          details: { lockedUntil: r.after.lockedUntil, attempts: MAX_PASSWORD_ATTEMPTS },
        })
      }
      return r
    })
    if (!reservation.reserved) {
      const refusal = signInRefusal(reservation.after, this.nowMs())
      await audit('denied', { reason: refusal.code })
      throw refusal
    }
    const attempt = reservation.after.failedAttempts
    // Set when this attempt took the last of the three checks: its own provisional lock.
    const provisional = attempt >= MAX_PASSWORD_ATTEMPTS ? reservation.after.lockedUntil : null

    // S7: checked in its NFKC form; a hash made before normalisation (of the password as typed) still matches once, then is rehashed.
    const normal = normalisePassword(password)
    let good = await this.hasher.verify(row.passwordHash, normal)
    const asTyped = !good && normal !== password && (await this.hasher.verify(row.passwordHash, password))
    good ||= asTyped
    if (good) {
      const rehash = asTyped || this.hasher.needsRehash(row.passwordHash) ? await this.hasher.hash(normal) : null
      // The cleared count (and lifted provisional lock) commits with the success event (issue 14).
      const cleared = await this.uow.transaction([], async (tx) => {
        if (!(await tx.customers.clearAfterSignIn(row.id, provisional, iso(this.nowMs()), rehash))) return false
        await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'customer.signIn', outcome: 'success', details: { attempt, ...(provisional !== null ? { lockLifted: true } : {}) } })
        return true
      })
      if (cleared) return publicView(row, this.vault.open(row))
      // Locked or blocked by a concurrent attempt or a supervisor while this one was checked.
      const refusal = signInRefusal(await this.requireRegistered(phone), this.nowMs())
      await audit('denied', { reason: refusal.code })
      throw refusal
    }

    // Wrong: the reserved attempt stays counted; the attempt that filled the count already locked (and recorded it).
    await audit('failure', { reason: ErrorCode.INVALID_CREDENTIALS, attempt })
    if (provisional !== null) throw lockedError(provisional, this.nowMs(), 'Wrong password 3 times: access is locked for 15 minutes.')
    throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'Wrong login or password.', {
      attemptsLeft: Math.max(0, MAX_PASSWORD_ATTEMPTS - attempt),
    })
  }

  /** The customer must still be allowed in (neither blocked, S13, nor locked out, S11) to act at the counter. */
  async requireActive(customerId: string): Promise<CustomerRow> {
    const row = await this.uow.repos.customers.findById(customerId)
    if (!row) throw new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')
    if (row.blocked) throw blockedError()
    const until = lockedUntilAt(row, this.nowMs())
    if (until) throw lockedError(until, this.nowMs())
    return row
  }

  /** S13: the bank blocks a customer's access to protect their funds; a supervisor, with a reason. */
  async block(phoneInput: string, reason: string, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(phoneInput)
    // The block and its audit event commit together (issue 14): a crash leaves both or neither.
    const row = await this.uow.transaction([customerLock(phone)], async (tx) => {
      const current = await this.requireRegistered(phone, tx.customers)
      if (current.blocked) throw new EngineError(ErrorCode.CONFLICT, 'This customer is already blocked.')
      await tx.customers.block(current.id, this.vault.sealBlockReason(current.id, reason.trim()), actor.staffId, iso(this.nowMs()))
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'customer.block',
        outcome: 'success',
        details: { reason: reason.trim() },
      })
      return current
    })
    return publicView(row, this.vault.open(row))
  }

  /** Lifts a manual block (S13) and/or a password lockout before its 15 minutes (S11), with a reason. */
  async unblock(phoneInput: string, reason: string, actor: Actor): Promise<{ lifted: ('block' | 'lockout')[] }> {
    const phone = normaliseKzMobile(phoneInput)
    const lifted = await this.uow.transaction([customerLock(phone)], async (tx) => {
      const current = await this.requireRegistered(phone, tx.customers)
      const what = liftable(current, this.nowMs())
      if (what.length === 0) throw new EngineError(ErrorCode.NOT_LOCKED, 'This customer is neither locked out nor blocked.')
      await tx.customers.liftBlockAndLockout(current.id, iso(this.nowMs()))
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: what.includes('block') ? 'customer.unblock' : 'customer.unlock',
        outcome: 'success',
        details: { reason: reason.trim(), lifted: what.join(',') },
      })
      return what
    })
    return { lifted }
  }

  /**
   * Everyone currently without access: manual blocks first, then lockouts by time left. Tellers see
   * it too (read-only: lifting stays with supervisors; no block reasons); the list names customers,
   * so reading it is recorded.
   */
  async lockouts(actor: Actor, role: StaffRole): Promise<LockoutDto[]> {
    const nowMs = this.nowMs()
    const rows = await this.uow.repos.customers.findWithoutAccess(iso(nowMs))
    // A block's reason is a supervisor's note: tellers see who and until when, never why (as the lookup never tells them).
    const list = rows.map((r) => lockoutEntry(role === 'supervisor' ? this.vault.withBlockReason(r) : { ...r, blockReason: null }, this.vault.open(r), nowMs)).sort(byLockoutOrder)
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'lockouts.view', outcome: 'success', details: { count: list.length } })
    return list
  }
}
