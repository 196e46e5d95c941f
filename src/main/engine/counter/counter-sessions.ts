import type { CustomerSessionDto } from '../../../shared/dto'

/** A counter session with the instants its lifetime limits count from (ms since the epoch). */
export interface CounterSession {
  session: CustomerSessionDto
  startedMs: number
  lastActiveMs: number
}

/**
 * The customer signed in at each window's counter (S5: services only after login and password).
 * Held in the main process only, next to the staff session of the same window, and ended with it.
 */
export class CounterSessions {
  private readonly byClient = new Map<string, CounterSession>()

  start(clientId: string, session: CustomerSessionDto, nowMs: number): CustomerSessionDto {
    this.byClient.set(clientId, { session, startedMs: nowMs, lastActiveMs: nowMs })
    return session
  }

  get(clientId: string): CounterSession | null {
    return this.byClient.get(clientId) ?? null
  }

  /** A customer action at this counter: the idle limit counts again from now. */
  touch(clientId: string, nowMs: number): void {
    const s = this.byClient.get(clientId)
    if (s) s.lastActiveMs = nowMs
  }

  end(clientId: string): void {
    this.byClient.delete(clientId)
  }

  /** A customer blocked or locked elsewhere loses every open counter session at once. */
  endForCustomer(customerId: string): void {
    for (const [clientId, s] of this.byClient) if (s.session.customerId === customerId) this.byClient.delete(clientId)
  }

  /** Same, found by the customer's phone (a lockout names the phone, not the customer id). */
  endForPhone(phone: string): void {
    for (const [clientId, s] of this.byClient) if (s.session.phone === phone) this.byClient.delete(clientId)
  }
}
