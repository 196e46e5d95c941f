import type { CustomerSessionDto, SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { CustomerPublic, CustomerService, Registration } from '../customers/customer.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { CounterSessions } from './counter-sessions'

/** One teller window: which counter it serves and who is acting there. */
export interface Window {
  clientId: string
  actor: Actor
}

type Customers = Pick<CustomerService, 'register' | 'signIn' | 'requireActive' | 'requestPasswordChange' | 'changePassword' | 'block'>

/**
 * The customer at each window's counter (S5: services only after login and password). Owns the
 * counter sessions: they start with a registration or a sign-in, end with a sign-out, with the
 * window's staff session, and at every window at once when the bank blocks the customer (S13).
 */
export class CounterDesk {
  constructor(
    private readonly customers: Customers,
    private readonly sessions: CounterSessions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private start(window: Window, c: CustomerPublic): CustomerSessionDto {
    return this.sessions.start(window.clientId, { customerId: c.id, phone: c.phone, name: c.name, signedInAt: this.clock.now().toISOString() })
  }

  async register(window: Window, registration: Registration): Promise<CustomerSessionDto> {
    return this.start(window, await this.customers.register(registration, window.actor))
  }

  /** A new sign-in at a window first ends whoever was at that counter before. */
  async signIn(window: Window, phone: string, password: string): Promise<CustomerSessionDto> {
    this.sessions.end(window.clientId)
    return this.start(window, await this.customers.signIn(phone, password, window.actor))
  }

  async signOut(window: Window): Promise<void> {
    const current = this.sessions.get(window.clientId)
    this.sessions.end(window.clientId)
    if (current) {
      await this.audit.record({ actorStaffId: window.actor.staffId, workstation: window.actor.workstation, customerRef: current.phone, action: 'customer.signOut', outcome: 'success' })
    }
  }

  /** The customer at this counter, still allowed in: a block elsewhere ends the session here too. */
  async requireCustomer(window: Window): Promise<CustomerSessionDto> {
    const current = this.sessions.get(window.clientId)
    if (!current) throw new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')
    try {
      await this.customers.requireActive(current.customerId)
    } catch (e) {
      this.sessions.end(window.clientId)
      throw e
    }
    return current
  }

  /** Like requireCustomer, but "nobody" (null) instead of a refusal. */
  async current(window: Window): Promise<CustomerSessionDto | null> {
    if (!this.sessions.get(window.clientId)) return null
    return this.requireCustomer(window).catch(() => null)
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
