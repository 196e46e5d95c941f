import type { StaffRole } from '../../../shared/dto'

/**
 * Re-authentication of a checker at the maker's own workstation. Today: login and password
 * (counted against the PCI DSS 8.3.4 lockout like any sign-in); the staff second factor plugs in
 * here (`code`) when it is enrolled.
 */
export interface StaffReauth {
  verify(input: { clientId: string; login: string; password: string; code?: string; workstation: string }): Promise<{ staffId: string; role: StaffRole }>
}
