import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { inactiveSince, signInRefused, throttleDelayMs, type StaffLockoutPolicy } from './staff-lockout-rules'
import type { StaffRow } from './staff.repo'
import type { StaffSecondFactor } from './staff-second-factor'
import { toPublic, type StaffPublic } from './staff.service'

/** Waits; the composition root passes a timer, tests a recorder. */
export type Sleep = (ms: number) => Promise<void>

const iso = (ms: number) => new Date(ms).toISOString()
type Details = Record<string, string | number | boolean | null>

/** Connections remembered for the per-connection delay; the oldest are forgotten beyond this. */
const MAX_TRACKED_CLIENTS = 10_000

/**
 * Staff sign-in under PCI DSS v4 8.3.4: each password check is first reserved by one conditional
 * UPDATE on the staff row (exact across windows and workstations), the attempt that fills the count
 * locks the login for the policy's duration, and the reply never says whether the login exists or is
 * locked (the audit trail does). Each connection is slowed a little more after every refusal.
 */
export class StaffSignIn {
  private readonly failures = new Map<string, number>()

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly policy: StaffLockoutPolicy,
    private readonly sleep: Sleep,
    private readonly secondFactor: StaffSecondFactor,
  ) {}

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  /**
   * Password and second factor (PCI DSS 8.4.2) in one attempt, counted once toward the lockout: a
   * wrong, missing or replayed code is refused like a wrong password. An account with no second
   * factor yet comes back with `enrolled: false`: the caller opens its enrolment, not a session.
   */
  async authenticate(clientId: string, loginInput: string, password: string, workstation: string, code?: string): Promise<StaffPublic & { enrolled: boolean }> {
    const wait = throttleDelayMs(this.failures.get(clientId) ?? 0)
    if (wait > 0) await this.sleep(wait)
    try {
      const member = await this.check(loginInput.trim().toLowerCase(), password, workstation, code?.trim() ?? '')
      this.failures.delete(clientId)
      return member
    } catch (e) {
      if (e instanceof EngineError && e.code === ErrorCode.STAFF_SIGN_IN_REFUSED) this.countFailure(clientId)
      throw e
    }
  }

  private countFailure(clientId: string): void {
    const n = (this.failures.get(clientId) ?? 0) + 1
    this.failures.delete(clientId)
    if (this.failures.size >= MAX_TRACKED_CLIENTS) this.failures.delete(this.failures.keys().next().value as string)
    this.failures.set(clientId, n)
  }

  private async check(login: string, password: string, workstation: string, code: string): Promise<StaffPublic & { enrolled: boolean }> {
    const row = await this.uow.repos.staff.findByLogin(login)
    const audit = (outcome: 'success' | 'failure' | 'denied', details: Details) =>
      this.audit.record({ actorStaffId: row?.id ?? null, workstation, action: 'staff.signIn', outcome, details })
    if (!row) {
      await this.hasher.verify(null, password) // same cost as a real check: no "unknown login" oracle
      // The typed login is not recorded: it may be a password typed in the wrong field.
      await audit('failure', { reason: 'unknown_login' })
      throw signInRefused()
    }
    const { good, attempt, provisional } = await this.reserveAndVerify(row, password, workstation)
    if (attempt === null) {
      await audit('denied', { reason: 'locked', login, lockedUntil: provisional })
      throw signInRefused()
    }
    if (!good) {
      await audit('failure', { reason: 'wrong_password', login, attempt })
      throw signInRefused()
    }
    const enrolled = await this.secondFactor.isEnrolled(row.id)
    if (enrolled && !(code !== '' && (await this.secondFactor.verify(row.id, code, { staffId: row.id, workstation }, 'signIn')))) {
      await audit('failure', { reason: code === '' ? 'code_missing' : 'wrong_code', login, attempt })
      throw signInRefused()
    }
    if (row.disabled) {
      await audit('denied', { reason: 'disabled', login })
      throw new EngineError(ErrorCode.STAFF_DISABLED, 'This staff account is disabled.')
    }
    const unusedSince = inactiveSince(row, this.nowMs())
    if (unusedSince !== null) {
      await this.disableUnused(row, unusedSince, workstation)
      await audit('denied', { reason: 'unused_90_days', login })
      throw new EngineError(ErrorCode.STAFF_DISABLED, 'This staff account is disabled.')
    }
    const at = iso(this.nowMs())
    const rehash = this.hasher.needsRehash(row.passwordHash) ? await this.hasher.hash(password) : null
    // The cleared count (and lifted provisional lock) commits with its sign-in event (issue 14).
    const cleared = await this.uow.transaction([], async (tx) => {
      if (!(await tx.staff.clearAfterSignIn(row.id, provisional, at, rehash))) return false
      // The lockout this attempt recorded was lifted by its right password (review F6): the trail says so.
      const details: Details = { attempt, ...(provisional !== null ? { lockLifted: true } : {}), ...(enrolled ? {} : { reason: 'second_factor_enrolment_required' }) }
      await this.audit.recordIn(tx, { actorStaffId: row.id, workstation, action: 'staff.signIn', outcome: enrolled ? 'success' : 'denied', details })
      return true
    })
    if (!cleared) {
      // Locked by concurrent attempts while this one was checked.
      await audit('denied', { reason: 'locked', login })
      throw signInRefused()
    }
    return { ...toPublic({ ...row, failedAttempts: 0, lockedUntil: null, lastSignInAt: at }), enrolled }
  }

  /**
   * Reserves one check, then verifies. `attempt` is null when no check was left (locked); then
   * `provisional` is the running lock. Otherwise `provisional` is the lock this attempt set, if any:
   * the attempt that takes the last check locks at once, and the lock commits with its audit event (issue 14).
   */
  private async reserveAndVerify(row: StaffRow, password: string, workstation: string): Promise<{ good: boolean; attempt: number | null; provisional: string | null }> {
    const now = this.nowMs()
    const reservation = await this.uow.transaction([], async (tx) => {
      const r = await tx.staff.reserveSignInAttempt(row.id, iso(now), iso(now + this.policy.lockoutMs), this.policy.maxAttempts)
      if (r.reserved && r.after.failedAttempts >= this.policy.maxAttempts) await this.recordLockout(tx, row, r.after.lockedUntil, r.after.failedAttempts, workstation)
      return r
    })
    if (!reservation.reserved) return { good: false, attempt: null, provisional: reservation.after.lockedUntil }
    const attempt = reservation.after.failedAttempts
    const provisional = attempt >= this.policy.maxAttempts ? reservation.after.lockedUntil : null
    return { good: await this.hasher.verify(row.passwordHash, password), attempt, provisional }
  }

  private async recordLockout(tx: Repos, row: StaffRow, lockedUntil: string | null, attempts: number, workstation: string): Promise<void> {
    await this.audit.recordIn(tx, {
      actorStaffId: row.id,
      workstation,
      action: 'staff.lockout',
      outcome: 'success',
      details: { staffId: row.id, login: row.login, lockedUntil, attempts },
    })
  }

  /** PCI DSS 8.2.6: an account unused for 90 days is disabled (audited with no acting staff member). */
  async disableUnused(row: StaffRow, unusedSince: string, workstation: string): Promise<void> {
    // The disabling commits with its audit event (issue 14).
    await this.uow.transaction([], async (tx) => {
      await tx.staff.setDisabled(row.id, true, iso(this.nowMs()))
      await this.audit.recordIn(tx, {
        actorStaffId: null,
        workstation,
        action: 'staff.disable',
        outcome: 'success',
        details: { staffId: row.id, login: row.login, reason: 'unused_90_days', lastUsed: unusedSince },
      })
    })
  }

  /**
   * A staff member proving their own password again (password change), and with `code` their second
   * factor too (re-authentication, PCI DSS 8.4.2): one reserved attempt of the sign-in count for both,
   * cleared only when both are right, so a left-open session cannot be used to guess either without limit.
   */
  async recheck(staffId: string, password: string, actor: Actor, action: string, code?: string): Promise<StaffRow> {
    const row = await this.uow.repos.staff.findById(staffId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'No such staff member.')
    const checked = await this.reserveAndVerify(row, password, actor.workstation)
    const { attempt, provisional } = checked
    const codeOk = !checked.good || code === undefined || (code.trim() !== '' && (await this.secondFactor.verify(row.id, code, actor, action)))
    const good = checked.good && codeOk
    if (good && (await this.uow.serial((repos) => repos.staff.clearAfterSignIn(row.id, provisional, iso(this.nowMs()), null)))) return row
    const reason = attempt === null || good ? 'locked' : checked.good ? 'wrong_code' : 'wrong_password'
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action, outcome: 'failure', details: { reason } })
    throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'The current password is wrong, or the account is locked.')
  }

  /** A supervisor lifts another staff member's lock early, with a reason; never their own. */
  async unlock(staffId: string, reason: string, actor: Actor): Promise<StaffPublic> {
    if (staffId === actor.staffId) {
      await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.unlock', outcome: 'denied', details: { staffId, reason: reason.trim(), refused: 'self' } })
      throw new EngineError(ErrorCode.CONFLICT, 'You cannot unlock your own account: another supervisor must.')
    }
    // The unlock and its audit event commit together (issue 14).
    const target = await this.uow.transaction([], async (tx) => {
      const found = await tx.staff.findById(staffId)
      if (!found) throw new EngineError(ErrorCode.NOT_FOUND, 'No such staff member.')
      if (!(await tx.staff.unlock(staffId, iso(this.nowMs())))) throw new EngineError(ErrorCode.STAFF_NOT_LOCKED, 'This staff account is not locked.')
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.unlock', outcome: 'success', details: { staffId, reason: reason.trim(), login: found.login, lockedUntil: found.lockedUntil } })
      return found
    })
    return toPublic({ ...target, failedAttempts: 0, lockedUntil: null })
  }
}
