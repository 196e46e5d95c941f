import type { CustomerSessionDto, SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { CustomerPublic, CustomerService, Registration } from '../customers/customer.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import { counterSessionEnd, counterSessionEndsAtMs, DEFAULT_COUNTER_LIMITS, type CounterLimits } from './counter-rules'
import type { CounterSessions } from './counter-sessions'

/** One teller window: which counter it serves and who is acting there. */
export interface Window {
  clientId: string
  actor: Actor
}

type Customers = Pick<CustomerService, 'register' | 'signIn' | 'requireActive' | 'requestPasswordChange' | 'changePassword' | 'block'>

const notSignedIn = () => new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')

/**
 * The customer at each window's counter (S5: services only after login and password). Owns the
 * counter sessions: they start with a registration or a sign-in, end with a sign-out, with the
 * window's staff session, after an idle and an absolute time, and at every window at once when
 * the bank blocks the customer (S13) or wrong passwords lock them out (S11).
 */
export class CounterDesk {
  constructor(
    private readonly customers: Customers,
    private readonly sessions: CounterSessions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly limits: CounterLimits = DEFAULT_COUNTER_LIMITS,
  ) {}

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  private start(window: Window, c: CustomerPublic): CustomerSessionDto {
    const now = this.clock.now()
    return this.sessions.start(window.clientId, { customerId: c.id, phone: c.phone, name: c.name, signedInAt: now.toISOString() }, now.getTime())
  }

  async register(window: Window, registration: Registration): Promise<CustomerSessionDto> {
    return this.start(window, await this.customers.register(registration, window.actor))
  }

  /** A new sign-in at a window first ends whoever was at that counter before; a lockout ends the customer's counters everywhere (S11). */
  async signIn(window: Window, phone: string, password: string): Promise<CustomerSessionDto> {
    this.sessions.end(window.clientId)
    try {
      return this.start(window, await this.customers.signIn(phone, password, window.actor))
    } catch (e) {
      if (e instanceof EngineError && (e.code === ErrorCode.CUSTOMER_LOCKED || e.code === ErrorCode.CUSTOMER_BLOCKED)) this.sessions.endForPhone(normaliseKzMobile(phone))
      throw e
    }
  }

  async signOut(window: Window): Promise<void> {
    const current = this.sessions.get(window.clientId)
    this.sessions.end(window.clientId)
    if (current) {
      await this.audit.record({ actorStaffId: window.actor.staffId, workstation: window.actor.workstation, customerRef: current.session.phone, action: 'customer.signOut', outcome: 'success' })
    }
  }

  /** The session at this counter if it is still within its lifetime; an ended one is closed, audited and refused. */
  private async live(window: Window): Promise<CustomerSessionDto> {
    const current = this.sessions.get(window.clientId)
    if (!current) throw notSignedIn()
    const ended = counterSessionEnd(current, this.nowMs(), this.limits)
    if (ended) {
      this.sessions.end(window.clientId)
      await this.audit.record({
        actorStaffId: window.actor.staffId,
        workstation: window.actor.workstation,
        customerRef: current.session.phone,
        action: 'customer.sessionExpired',
        outcome: 'success',
        details: { reason: ended, idleMinutes: this.limits.idleMinutes, maxMinutes: this.limits.maxMinutes },
      })
      throw new EngineError(ErrorCode.COUNTER_SESSION_EXPIRED, 'The customer\'s session at this counter has ended. The customer must sign in again.', { reason: ended })
    }
    try {
      await this.customers.requireActive(current.session.customerId)
    } catch (e) {
      // Blocked or locked out elsewhere (another window or workstation): this counter closes too.
      this.sessions.end(window.clientId)
      throw e
    }
    return current.session
  }

  /** The customer at this counter, still allowed in and within the session's lifetime; counts as a customer action. */
  async requireCustomer(window: Window): Promise<CustomerSessionDto> {
    const session = await this.live(window)
    this.sessions.touch(window.clientId, this.nowMs())
    return session
  }

  /** Like requireCustomer, but "nobody" (null) instead of a refusal, and not a customer action (the screen asks on its own). */
  async current(window: Window): Promise<CustomerSessionDto | null> {
    if (!this.sessions.get(window.clientId)) return null
    const session = await this.live(window).catch(() => null)
    const held = this.sessions.get(window.clientId)
    // The desk counts the session down: when it ends if the customer does nothing more.
    return session && held ? { ...session, endsAt: new Date(counterSessionEndsAtMs(held, this.limits)).toISOString() } : null
  }

  async requestPasswordChange(window: Window): Promise<SessionKeySentDto> {
    const c = await this.requireCustomer(window)
    return this.customers.requestPasswordChange(c.customerId, window.actor)
  }

  async changePassword(window: Window, code: string, newPassword: string): Promise<void> {
    const c = await this.requireCustomer(window)
    await this.customers.changePassword(c.customerId, code, newPassword, window.actor)
  }

  /** S13: the bank blocks the customer; every counter serving them ends at once. */
  async block(phone: string, reason: string, actor: Actor): Promise<void> {
    const blocked = await this.customers.block(phone, reason, actor)
    this.sessions.endForCustomer(blocked.id)
  }

  /** The window's staff session ended (sign-out, idle lock, account disabled): its counter closes. */
  windowClosed(clientId: string): void {
    this.sessions.end(clientId)
  }
}
