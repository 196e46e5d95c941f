import type { StaffRole } from '../../../shared/dto'

/** The store port for staff accounts: the store implements it as SqlStaffRepo. */

export interface StaffRow {
  id: string
  login: string
  displayName: string
  role: StaffRole
  /** argon2id PHC string: algorithm parameters travel with the hash so they can change later. */
  passwordHash: string
  disabled: boolean
  /** PCI DSS 8.3.4: wrong passwords since the last success or lockout; reserved before each check. */
  failedAttempts: number
  /** ISO instant until which sign-in is refused; null when not locked. */
  lockedUntil: string | null
  /** PCI DSS 8.2.6: the last successful sign-in; null when the account never signed in. */
  lastSignInAt: string | null
  /** When a supervisor last re-enabled the account: unused time counts from then at the earliest. */
  enabledAt: string | null
  passwordChangedAt: string | null
  /** PCI DSS 8.3.7: argon2id hashes of the passwords before the current one, newest first (at most 3). */
  previousHashes: string[]
  createdAt: string
  updatedAt: string
}

export interface StaffSignInReservation {
  /** True when this attempt took one of the password checks. */
  reserved: boolean
  /** The row as it stands after the reservation (or the refusal to reserve). */
  after: StaffRow
}

export interface StaffRepo {
  count(): Promise<number>
  loginTaken(login: string): Promise<boolean>
  insert(row: StaffRow): Promise<void>
  findById(id: string): Promise<StaffRow | null>
  findByLogin(login: string): Promise<StaffRow | null>
  /** Ordered by role, then login. */
  listByRoleAndLogin(): Promise<StaffRow[]>
  countActiveSupervisors(): Promise<number>
  setDisabled(id: string, disabled: boolean, updatedAt: string): Promise<void>
  setPasswordHash(id: string, passwordHash: string, updatedAt: string): Promise<void>
  /**
   * PCI DSS 8.3.4 in one conditional UPDATE, then the row re-read (run it inside a transaction):
   * counts the attempt unless the login is locked until after `nowIso` or out of attempts; a lock
   * that ended by `nowIso` starts a fresh count; the attempt that reaches `max` locks until `untilIso`.
   */
  reserveSignInAttempt(id: string, nowIso: string, untilIso: string, max: number): Promise<StaffSignInReservation>
  /**
   * After a good password: resets the count, records the sign-in (and a rehash) unless the login was
   * locked meanwhile by anything but this attempt's own provisional lock. True when it did.
   */
  clearAfterSignIn(id: string, ownLock: string | null, at: string, rehash: string | null): Promise<boolean>
  /** Lifts a lock still running at `nowIso`; true when there was one. */
  unlock(id: string, nowIso: string): Promise<boolean>
  /** A new password, keeping the replaced hash in the history (compare-and-set on the current hash). */
  changePassword(id: string, expectedHash: string, passwordHash: string, previousHashes: string[], at: string): Promise<boolean>
  /** Enabled accounts created, last signed in and last re-enabled at or before `cutoffIso`. */
  findUnusedSince(cutoffIso: string): Promise<StaffRow[]>
}
