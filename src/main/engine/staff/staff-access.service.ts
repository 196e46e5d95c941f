import type { StaffEnrolledDto, StaffEnrolmentDto, StaffMemberDto, StaffSessionDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { INACTIVE_MS, inactiveSince, staffLockedUntil } from './staff-lockout-rules'
import type { StaffPasswords } from './staff-passwords'
import type { NewStaff, NewStaffHashed, StaffPublic, StaffService } from './staff.service'
import type { StaffSessions } from './staff-sessions'
import type { StaffSignIn } from './staff-sign-in'
import type { StaffSecondFactor } from './staff-second-factor'

function toMember(s: StaffPublic, nowMs: number): StaffMemberDto {
  return {
    id: s.id,
    login: s.login,
    displayName: s.displayName,
    role: s.role,
    disabled: s.disabled,
    lockedUntil: staffLockedUntil(s, nowMs),
    lastSignInAt: s.lastSignInAt,
    createdAt: s.createdAt,
  }
}

/**
 * Staff at a window: the first supervisor, sign-in (with the PCI DSS 8.3.4 lockout) and sign-out
 * (each audited, PCI DSS 10.2.1), password change, and account administration, where disabling an
 * account ends its sessions at every window.
 */
export class StaffAccess {
  constructor(
    private readonly staff: StaffService,
    private readonly signIns: StaffSignIn,
    private readonly passwords: StaffPasswords,
    private readonly sessions: StaffSessions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly secondFactor: StaffSecondFactor,
  ) {
    // Issue 14: a session locked by idleness or ended by the 12-hour limit is recorded, with whose it was.
    sessions.watchLocks((s, cause) => {
      void this.audit
        .record({ actorStaffId: s.staffId, workstation: s.workstation, action: 'staff.idleLock', outcome: 'success', details: { cause, idleMinutes: s.idleTimeoutSeconds / 60 } })
        .catch(() => undefined)
    })
  }

  private member(s: StaffPublic): StaffMemberDto {
    return toMember(s, this.clock.now().getTime())
  }

  /** First run: the first supervisor, whose session starts only once a second factor is enrolled (PCI DSS 8.4.2). */
  async bootstrap(clientId: string, input: Omit<NewStaff, 'role'>, workstation: string): Promise<StaffEnrolmentDto> {
    const created = await this.staff.bootstrap(input, { staffId: null, workstation })
    this.sessions.end(clientId)
    this.secondFactor.open(clientId, created.id)
    return this.enrolStart(clientId, workstation)
  }

  /** Password and code; an account without a second factor gets STAFF_ENROLMENT_REQUIRED and an open enrolment instead of a session. */
  async signIn(clientId: string, login: string, password: string, workstation: string, code?: string): Promise<StaffSessionDto> {
    const member = await this.signIns.authenticate(clientId, login, password, workstation, code)
    this.secondFactor.forget(clientId)
    if (!member.enrolled) {
      this.sessions.end(clientId)
      this.secondFactor.open(clientId, member.id)
      throw new EngineError(ErrorCode.STAFF_ENROLMENT_REQUIRED, 'Set up an authenticator app to finish signing in.')
    }
    return this.sessions.start(clientId, member, workstation)
  }

  async enrolStart(clientId: string, workstation: string): Promise<StaffEnrolmentDto> {
    const staffId = this.secondFactor.enrolling(clientId)
    const member = staffId === null ? null : (await this.staff.list()).find((s) => s.id === staffId)
    if (!member) throw new EngineError(ErrorCode.UNAUTHENTICATED, 'Please sign in first.')
    const { secret, qrDataUrl } = await this.secondFactor.begin(clientId, member.login, workstation)
    return { login: member.login, secret, qrDataUrl }
  }

  async enrolConfirm(clientId: string, code: string, workstation: string): Promise<StaffEnrolledDto> {
    const { staffId, recoveryCodes } = await this.secondFactor.confirm(clientId, code, workstation)
    const member = (await this.staff.list()).find((s) => s.id === staffId)
    if (!member) throw new EngineError(ErrorCode.NOT_FOUND, 'No such staff member.')
    if (member.disabled) throw new EngineError(ErrorCode.STAFF_DISABLED, 'This staff account is disabled.')
    await this.audit.record({ actorStaffId: staffId, workstation, action: 'staff.signIn', outcome: 'success', details: { secondFactor: 'enrolled' } })
    return { session: this.sessions.start(clientId, member, workstation), recoveryCodes }
  }

  /**
   * Re-authentication (PCI DSS 8.4.2), e.g. a second supervisor approving at this workstation: password
   * and TOTP (or recovery) code of `staffId`, one attempt of the staff lockout count, the code's step
   * consumed. Throws INVALID_CREDENTIALS (audited under `purpose`) unless both are right.
   */
  async reauthenticate(staffId: string, password: string, code: string, actor: Actor, purpose: string): Promise<void> {
    await this.signIns.recheck(staffId, password, actor, purpose, code)
  }

  /** A supervisor resets another staff member's second factor; that member's sessions end. */
  async resetSecondFactor(staffId: string, reason: string, actor: Actor): Promise<void> {
    await this.secondFactor.reset(staffId, reason, actor)
    this.sessions.endAllFor(staffId)
  }

  async signOut(clientId: string, workstation: string): Promise<void> {
    this.secondFactor.forget(clientId)
    const ended = this.sessions.end(clientId)
    if (ended) await this.audit.record({ actorStaffId: ended.staffId, workstation, action: 'staff.signOut', outcome: 'success' })
  }

  session(clientId: string): StaffSessionDto | null {
    return this.sessions.peek(clientId)
  }

  /** The staff list, a reading of staff data, recorded (issue 14). */
  async list(actor: Actor): Promise<StaffMemberDto[]> {
    const members = (await this.staff.list()).map((s) => this.member(s))
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.list', outcome: 'success', details: { count: members.length } })
    return members
  }

  async create(input: NewStaff | NewStaffHashed, actor: Actor): Promise<StaffMemberDto> {
    return this.member(await this.staff.create(input, actor))
  }

  /** A disabled account loses every open session at once: its windows must sign in again. */
  async setDisabled(staffId: string, disabled: boolean, actor: Actor): Promise<StaffMemberDto> {
    const member = await this.staff.setDisabled(staffId, disabled, actor)
    if (member.disabled) this.sessions.endAllFor(member.id)
    return this.member(member)
  }

  /** Another supervisor lifts a staff lockout early, with a reason (audited). */
  async unlock(staffId: string, reason: string, actor: Actor): Promise<StaffMemberDto> {
    return this.member(await this.signIns.unlock(staffId, reason, actor))
  }

  /** After a password change, the member's sessions in other windows end (audited): whoever sat there must sign in with the new password. */
  async changePassword(staffId: string, currentPassword: string, newPassword: string, actor: Actor, clientId?: string): Promise<void> {
    await this.passwords.change(staffId, currentPassword, newPassword, actor)
    const ended = this.sessions.endAllFor(staffId, clientId)
    if (ended > 0) {
      await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.sessionsEnded', outcome: 'success', details: { reason: 'password_changed', ended } })
    }
  }

  /** The daily sweep (PCI DSS 8.2.6): accounts unused for 90 days are disabled and their sessions end. */
  async disableUnused(workstation: string): Promise<number> {
    const nowMs = this.clock.now().getTime()
    const rows = await this.staff.unusedSince(new Date(nowMs - INACTIVE_MS).toISOString())
    for (const row of rows) {
      const since = inactiveSince(row, nowMs)
      if (since === null) continue
      await this.signIns.disableUnused(row, since, workstation)
      this.sessions.endAllFor(row.id)
    }
    return rows.length
  }

  /** Whether first-run set-up is still to be done. */
  async initialised(): Promise<boolean> {
    return (await this.staff.count()) > 0
  }
}
