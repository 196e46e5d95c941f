import { randomUUID } from 'node:crypto'
import type { StaffRole } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { assertNotSelfDisable, assertSupervisorRemains, takesAwayActiveSupervisor } from './staff-rules'
import type { StaffRow } from './staff.repo'

export interface NewStaff {
  login: string
  displayName: string
  role: StaffRole
  password: string
}

/** A new account whose password was hashed earlier (a four-eyes request holds only the hash). */
export type NewStaffHashed = Omit<NewStaff, 'password'> & { passwordHash: string }

export type { Actor } from '../kernel/actor'

/** A staff row without its password hashes: what leaves the engine's staff services. */
export type StaffPublic = Omit<StaffRow, 'passwordHash' | 'previousHashes'>

export function toPublic({ passwordHash: _hash, previousHashes: _history, ...rest }: StaffRow): StaffPublic {
  return rest
}

export class StaffService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async count(): Promise<number> {
    return this.uow.repos.staff.count()
  }

  async create(input: NewStaff | NewStaffHashed, actor: Actor, onlyFirst = false): Promise<StaffPublic> {
    const login = input.login.trim().toLowerCase()
    const passwordHash = 'passwordHash' in input ? input.passwordHash : await this.hasher.hash(input.password)
    const row = await this.uow.transaction(['staff'], async (tx) => {
      // Bootstrap: decided again here, under the lock, so two first-run windows cannot both succeed.
      if (onlyFirst && (await tx.staff.count()) > 0) {
        throw new EngineError(ErrorCode.ALREADY_INITIALISED, 'The first supervisor already exists.')
      }
      if (await tx.staff.loginTaken(login)) {
        throw new EngineError(ErrorCode.CONFLICT, 'A staff member with this login already exists.')
      }
      const now = this.clock.now().toISOString()
      const created: StaffRow = {
        id: randomUUID(),
        login,
        displayName: input.displayName.trim(),
        role: input.role,
        passwordHash,
        disabled: false,
        failedAttempts: 0,
        lockedUntil: null,
        lastSignInAt: null,
        enabledAt: null,
        passwordChangedAt: now,
        previousHashes: [],
        createdAt: now,
        updatedAt: now,
      }
      await tx.staff.insert(created)
      // The new account commits with its audit event (issue 14).
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        action: 'staff.create',
        outcome: 'success',
        details: { staffId: created.id, login: created.login, role: created.role },
      })
      return created
    })
    return toPublic(row)
  }

  /** Creates the first supervisor; refused once any staff member exists. */
  async bootstrap(input: Omit<NewStaff, 'role'>, actor: Actor): Promise<StaffPublic> {
    if ((await this.count()) > 0) {
      throw new EngineError(ErrorCode.ALREADY_INITIALISED, 'The first supervisor already exists.')
    }
    return this.create({ ...input, role: 'supervisor' }, actor, true)
  }

  async list(): Promise<StaffPublic[]> {
    const rows = await this.uow.repos.staff.listByRoleAndLogin()
    return rows.map(toPublic)
  }

  /**
   * Disables or re-enables an account. A supervisor cannot disable themself, and the last active
   * supervisor cannot be disabled: nobody could then lift lockouts.
   */
  async setDisabled(staffId: string, disabled: boolean, actor: Actor): Promise<StaffPublic> {
    // Decided under the staff lock (the last active supervisor, on every workstation), committed with its audit event (issue 14).
    const row = await this.uow.transaction(['staff'], async (tx) => {
      const target = await tx.staff.findById(staffId)
      if (!target) throw new EngineError(ErrorCode.NOT_FOUND, 'No such staff member.')
      assertNotSelfDisable(target, disabled, actor.staffId)
      if (takesAwayActiveSupervisor(target, disabled)) assertSupervisorRemains(await tx.staff.countActiveSupervisors())
      const updatedAt = this.clock.now().toISOString()
      await tx.staff.setDisabled(staffId, disabled, updatedAt)
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        action: disabled ? 'staff.disable' : 'staff.enable',
        outcome: 'success',
        details: { staffId: target.id, login: target.login },
      })
      return { ...target, disabled, updatedAt, ...(disabled ? {} : { enabledAt: updatedAt }) }
    })
    return toPublic(row)
  }

  /** The admin CLI (`admin staff enable LOGIN`): re-enables an account, e.g. one disabled after 90 days unused (audited as staff.enable). */
  async enableByLogin(login: string, actor: Actor): Promise<StaffPublic> {
    const row = await this.uow.repos.staff.findByLogin(login.trim().toLowerCase())
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'No staff member has this login.')
    return this.setDisabled(row.id, false, actor)
  }

  /** Enabled accounts unused (no sign-in, or never signed in since creation) since `cutoffIso`. */
  async unusedSince(cutoffIso: string): Promise<StaffRow[]> {
    return this.uow.repos.staff.findUnusedSince(cutoffIso)
  }
}
