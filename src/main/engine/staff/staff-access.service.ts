import type { StaffMemberDto, StaffSessionDto } from '../../../shared/dto'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { NewStaff, StaffPublic, StaffService } from './staff.service'
import type { StaffSessions } from './staff-sessions'

function toMember(s: StaffPublic): StaffMemberDto {
  return { id: s.id, login: s.login, displayName: s.displayName, role: s.role, disabled: s.disabled, createdAt: s.createdAt }
}

/**
 * Staff at a window: the first supervisor, sign-in and sign-out (each audited, PCI DSS 10.2.1),
 * and account administration, where disabling an account ends its sessions at every window.
 */
export class StaffAccess {
  constructor(
    private readonly staff: StaffService,
    private readonly sessions: StaffSessions,
    private readonly audit: AuditService,
  ) {}

  async bootstrap(clientId: string, input: Omit<NewStaff, 'role'>, workstation: string): Promise<StaffSessionDto> {
    const created = await this.staff.bootstrap(input, { staffId: null, workstation })
    return this.sessions.start(clientId, created, workstation)
  }

  async signIn(clientId: string, login: string, password: string, workstation: string): Promise<StaffSessionDto> {
    const member = await this.staff.authenticate(login, password, workstation)
    return this.sessions.start(clientId, member, workstation)
  }

  async signOut(clientId: string, workstation: string): Promise<void> {
    const ended = this.sessions.end(clientId)
    if (ended) await this.audit.record({ actorStaffId: ended.staffId, workstation, action: 'staff.signOut', outcome: 'success' })
  }

  session(clientId: string): StaffSessionDto | null {
    return this.sessions.peek(clientId)
  }

  async list(): Promise<StaffMemberDto[]> {
    return (await this.staff.list()).map(toMember)
  }

  async create(input: NewStaff, actor: Actor): Promise<StaffMemberDto> {
    return toMember(await this.staff.create(input, actor))
  }

  /** A disabled account loses every open session at once: its windows must sign in again. */
  async setDisabled(staffId: string, disabled: boolean, actor: Actor): Promise<StaffMemberDto> {
    const member = await this.staff.setDisabled(staffId, disabled, actor)
    if (member.disabled) this.sessions.endAllFor(member.id)
    return toMember(member)
  }

  /** Whether first-run set-up is still to be done. */
  async initialised(): Promise<boolean> {
    return (await this.staff.count()) > 0
  }
}
