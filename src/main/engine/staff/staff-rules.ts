import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'
import type { StaffRow } from './staff.repo'

/** A supervisor cannot disable their own account. */
export function assertNotSelfDisable(target: Pick<StaffRow, 'id'>, disabled: boolean, actorStaffId: string | null): void {
  if (disabled && target.id === actorStaffId) {
    throw new EngineError(ErrorCode.CONFLICT, 'You cannot disable your own account.')
  }
}

/** True when the change would take away an active supervisor: then one must remain. */
export function takesAwayActiveSupervisor(target: Pick<StaffRow, 'role' | 'disabled'>, disabled: boolean): boolean {
  return disabled && target.role === 'supervisor' && !target.disabled
}

/** The last active supervisor cannot be disabled: nobody could then lift lockouts. */
export function assertSupervisorRemains(activeSupervisors: number): void {
  if (activeSupervisors <= 1) throw new EngineError(ErrorCode.CONFLICT, 'The last active supervisor cannot be disabled.')
}
