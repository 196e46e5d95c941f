import type { StaffSessionDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { assertIdleTimeout, sessionExpired } from './staff-lockout-rules'
import type { StaffPublic } from './staff.service'

interface Entry {
  dto: StaffSessionDto
  lastActivity: number
}

/**
 * Staff sessions live only in the main process, keyed by the calling window (or browser-shell
 * client): the renderer never holds a token it could leak. Idle longer than the limit (at most 15
 * minutes, PCI DSS 8.2.8) → locked; 12 hours after sign-in → ended, whatever the activity.
 */
export class StaffSessions {
  private readonly byClient = new Map<string, Entry>()
  /** Told when a session ends by itself (idle lock, or the 12-hour limit): recorded by the staff desk (issue 14). */
  private onLocked: (session: StaffSessionDto, cause: 'idle' | 'absolute') => void = () => {}

  constructor(
    private readonly clock: Clock,
    private readonly idleTimeoutSeconds: number,
    /** Told whenever a window's staff session ends (sign-out, idle lock, account disabled). */
    private readonly onEnded: (clientId: string) => void = () => {},
  ) {
    assertIdleTimeout(idleTimeoutSeconds)
  }

  watchLocks(listener: (session: StaffSessionDto, cause: 'idle' | 'absolute') => void): void {
    this.onLocked = listener
  }

  private lock(clientId: string, entry: Entry, cause: 'idle' | 'absolute'): void {
    this.drop(clientId)
    this.onLocked(entry.dto, cause)
  }

  private drop(clientId: string): void {
    this.byClient.delete(clientId)
    this.onEnded(clientId)
  }

  start(clientId: string, staff: Pick<StaffPublic, 'id' | 'login' | 'displayName' | 'role'>, workstation: string): StaffSessionDto {
    if (this.byClient.has(clientId)) this.drop(clientId)
    const now = this.clock.now()
    const dto: StaffSessionDto = {
      staffId: staff.id,
      login: staff.login,
      displayName: staff.displayName,
      role: staff.role,
      workstation,
      signedInAt: now.toISOString(),
      idleTimeoutSeconds: this.idleTimeoutSeconds,
    }
    this.byClient.set(clientId, { dto, lastActivity: now.getTime() })
    return dto
  }

  end(clientId: string): StaffSessionDto | null {
    const entry = this.byClient.get(clientId)
    this.drop(clientId)
    return entry?.dto ?? null
  }

  /** Ends every session of a staff member (account disabled; password changed: all but `except`); how many ended. */
  endAllFor(staffId: string, except?: string): number {
    let ended = 0
    for (const [clientId, entry] of this.byClient) {
      if (entry.dto.staffId === staffId && clientId !== except) {
        this.drop(clientId)
        ended++
      }
    }
    return ended
  }

  /** The live session, or null; an idle-expired session is removed and reported as locked. */
  peek(clientId: string): StaffSessionDto | null {
    const entry = this.byClient.get(clientId)
    if (!entry) return null
    if (this.isIdle(entry) || this.isOver(entry)) {
      this.lock(clientId, entry, this.isOver(entry) ? 'absolute' : 'idle')
      return null
    }
    return entry.dto
  }

  /** For every guarded call: throws UNAUTHENTICATED / SESSION_LOCKED, else refreshes activity. */
  require(clientId: string): StaffSessionDto {
    const entry = this.byClient.get(clientId)
    if (!entry) throw new EngineError(ErrorCode.UNAUTHENTICATED, 'Please sign in first.')
    if (this.isOver(entry)) {
      this.lock(clientId, entry, 'absolute')
      throw new EngineError(ErrorCode.SESSION_EXPIRED, 'A session lasts at most 12 hours. Please sign in again.')
    }
    if (this.isIdle(entry)) {
      this.lock(clientId, entry, 'idle')
      throw new EngineError(ErrorCode.SESSION_LOCKED, 'The workstation was locked after inactivity.')
    }
    entry.lastActivity = this.clock.now().getTime()
    return entry.dto
  }

  private isOver(entry: Entry): boolean {
    return sessionExpired(entry.dto.signedInAt, this.clock.now().getTime())
  }

  private isIdle(entry: Entry): boolean {
    return this.clock.now().getTime() - entry.lastActivity >= this.idleTimeoutSeconds * 1000
  }
}
