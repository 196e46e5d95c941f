import type { Logger } from '../kernel/logger'
import type { TrustedClock } from '../kernel/trusted-clock'
import type { AuditService } from './audit.service'

/** Every wall-clock jump the trusted clock sees is audited (`clock.jump`) for the supervisor (issue 17). */
export function auditClockJumps(clock: TrustedClock, audit: AuditService, logger: Logger, workstation: string): void {
  clock.onJump = (jump) => {
    audit
      .record({ actorStaffId: null, workstation, action: 'clock.jump', outcome: 'failure', details: { offsetMs: jump.offsetMs, trustedAt: jump.trustedAt, wallAt: jump.wallAt } })
      .catch((e: unknown) => logger.warn('clock jump not audited', { errorName: e instanceof Error ? e.name : typeof e }))
  }
}
