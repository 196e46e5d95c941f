import type { CustomerSessionDto } from '../../../shared/dto'

/**
 * The customer signed in at each window's counter (S5: services only after login and password).
 * Held in the main process only, next to the staff session of the same window, and ended with it.
 */
export class CounterSessions {
  private readonly byClient = new Map<string, CustomerSessionDto>()

  start(clientId: string, session: CustomerSessionDto): CustomerSessionDto {
    this.byClient.set(clientId, session)
    return session
  }

  get(clientId: string): CustomerSessionDto | null {
    return this.byClient.get(clientId) ?? null
  }

  end(clientId: string): void {
    this.byClient.delete(clientId)
  }

  /** A customer blocked or locked elsewhere loses every open counter session at once. */
  endForCustomer(customerId: string): void {
    for (const [clientId, s] of this.byClient) if (s.customerId === customerId) this.byClient.delete(clientId)
  }
}
