import type { StaffRole } from '../../../shared/dto'

/**
 * Re-authentication of a checker at the maker's own workstation: login, password and the staff
 * second factor's code (counted against the PCI DSS 8.3.4 lockout like any sign-in).
 */
export interface StaffReauth {
  verify(input: { clientId: string; login: string; password: string; code?: string; workstation: string }): Promise<{ staffId: string; role: StaffRole }>
}
