import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { assertStaffPassword, nextHistory, PASSWORD_HISTORY } from './staff-lockout-rules'
import type { StaffSignIn } from './staff-sign-in'

/**
 * Staff change their own password (PCI DSS v4 8.3.6 length and mix, 8.3.7 none of the last 4):
 * the current password first, checked under the same lockout count as sign-in; the new one is
 * compared with the argon2id hash of the current password and of the 3 before it.
 */
export class StaffPasswords {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly signIn: StaffSignIn,
  ) {}

  async change(staffId: string, currentPassword: string, newPassword: string, actor: Actor): Promise<void> {
    const audit = (outcome: 'success' | 'failure', details: Record<string, string>) =>
      this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.passwordChange', outcome, details })
    try {
      assertStaffPassword(newPassword)
    } catch (e) {
      await audit('failure', { reason: 'weak' })
      throw e
    }
    const row = await this.signIn.recheck(staffId, currentPassword, actor, 'staff.passwordChange')
    for (const used of [row.passwordHash, ...row.previousHashes].slice(0, PASSWORD_HISTORY)) {
      if (await this.hasher.verify(used, newPassword)) {
        await audit('failure', { reason: 'reused' })
        throw new EngineError(ErrorCode.PASSWORD_REUSED, 'The new password must differ from your last 4 passwords.')
      }
    }
    const hash = await this.hasher.hash(newPassword)
    const at = this.clock.now().toISOString()
    // Compare-and-set on the hash just checked: two changes at once cannot both keep a history.
    // The new password commits with its audit event (issue 14).
    const changed = await this.uow.transaction([], async (tx) => {
      if (!(await tx.staff.changePassword(row.id, row.passwordHash, hash, nextHistory(row.passwordHash, row.previousHashes), at))) return false
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, action: 'staff.passwordChange', outcome: 'success', details: {} })
      return true
    })
    if (!changed) {
      await audit('failure', { reason: 'changed_meanwhile' })
      throw new EngineError(ErrorCode.CONFLICT, 'The password was changed meanwhile. Please try again.')
    }
  }
}
