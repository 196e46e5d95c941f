import type { Logger } from '../kernel/logger'
import type { AuditService } from './audit.service'
import { serverSkewChange } from './server-clock-rules'

/** The workstation clock against the database server's, as the supervisor's clock panel shows it. */
export interface ServerClockStatus {
  /** Workstation minus server at the last event, ms (positive: the workstation is ahead). */
  skewMs: number
  /** The server's time of that event. */
  serverAt: string
  /** True while the skew is past 5 s (an episode, audited once as `clock.serverSkew`). */
  alert: boolean
}

/**
 * Branch mode (issue 14): each audit event carries the server's time; this compares it with the
 * workstation's clock and records `clock.serverSkew` when an episode starts and
 * `clock.serverSkewEnded` when it ends (beside the event that showed it, never instead of it).
 */
export class ServerClockWatch {
  private last: ServerClockStatus | null = null

  constructor(
    private readonly audit: AuditService,
    private readonly workstation: string,
    private readonly logger: Logger,
  ) {}

  observe(serverAt: string, local: Date): void {
    const skewMs = local.getTime() - Date.parse(serverAt)
    const change = serverSkewChange(this.last?.alert ?? false, skewMs)
    this.last = { skewMs, serverAt, alert: change === 'started' || (change === null && (this.last?.alert ?? false)) }
    if (!change) return
    const details = { offsetMs: skewMs, serverAt, wallAt: local.toISOString() }
    this.audit
      .record({ actorStaffId: null, workstation: this.workstation, action: change === 'started' ? 'clock.serverSkew' : 'clock.serverSkewEnded', outcome: change === 'started' ? 'failure' : 'success', details })
      .catch((e: unknown) => this.logger.warn('server clock skew not audited', { errorName: e instanceof Error ? e.name : typeof e }))
  }

  status(): ServerClockStatus | null {
    return this.last
  }
}

/** Branch mode: every event time the server gives is compared with the workstation's clock. */
export function watchServerClock(audit: AuditService, logger: Logger, workstation: string): ServerClockWatch {
  const watch = new ServerClockWatch(audit, workstation, logger)
  audit.onServerTime = (serverAt, local) => watch.observe(serverAt, local)
  return watch
}
