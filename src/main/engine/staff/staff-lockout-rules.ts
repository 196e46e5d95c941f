import { ErrorCode } from '../../../shared/errors'
import { staffPasswordChecks, staffPasswordOk } from '../../../shared/password-rules'
import { EngineError } from '../kernel/engine-error'
import type { StaffRow } from './staff.repo'

const MIN = 60_000

/** PCI DSS v4 8.3.4: lock after not more than 10 invalid attempts, for at least 30 minutes. */
export interface StaffLockoutPolicy {
  maxAttempts: number
  lockoutMs: number
}

export const PCI_MAX_ATTEMPTS = 10
export const PCI_MIN_LOCKOUT_MS = 30 * MIN
export const DEFAULT_STAFF_LOCKOUT: StaffLockoutPolicy = { maxAttempts: PCI_MAX_ATTEMPTS, lockoutMs: PCI_MIN_LOCKOUT_MS }

/** A configuration may be stricter than PCI DSS 8.3.4, never laxer: refused, not clamped. */
export function assertStaffLockoutPolicy(p: StaffLockoutPolicy): void {
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1 || p.maxAttempts > PCI_MAX_ATTEMPTS) {
    throw new Error(`Staff sign-in attempts before the lock must be a whole number from 1 to at most ${PCI_MAX_ATTEMPTS} (PCI DSS 8.3.4).`)
  }
  if (!Number.isFinite(p.lockoutMs) || p.lockoutMs < PCI_MIN_LOCKOUT_MS) {
    throw new Error('The staff lockout must last at least 30 minutes (PCI DSS 8.3.4).')
  }
}

/** PCI DSS 8.2.8: a session idle for more than 15 minutes needs the password again. */
export const MAX_IDLE_SECONDS = 900

export function assertIdleTimeout(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_IDLE_SECONDS) {
    throw new Error('The idle lock must be a whole number of seconds, at most 900 seconds (15 minutes, PCI DSS 8.2.8).')
  }
}

/** A staff session lasts at most 12 hours from sign-in, whatever the activity. */
export const MAX_SESSION_MS = 12 * 60 * MIN

export function sessionExpired(signedInAt: string, nowMs: number): boolean {
  return nowMs - Date.parse(signedInAt) >= MAX_SESSION_MS
}

/** PCI DSS 8.2.6: accounts unused for 90 days are disabled. */
export const INACTIVE_MS = 90 * 24 * 60 * MIN

/**
 * The last use (the latest of creation, last sign-in and re-enabling by a supervisor) when it is 90
 * days or more ago, else null.
 */
export function inactiveSince(row: Pick<StaffRow, 'lastSignInAt' | 'createdAt'> & Partial<Pick<StaffRow, 'enabledAt'>>, nowMs: number): string | null {
  const last = [row.createdAt, row.lastSignInAt, row.enabledAt ?? null].filter((v): v is string => v !== null).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))
  return nowMs - Date.parse(last) >= INACTIVE_MS ? last : null
}

/** The end of a lock still running at `nowMs`, else null. */
export function staffLockedUntil(row: Pick<StaffRow, 'lockedUntil'>, nowMs: number): string | null {
  return row.lockedUntil !== null && Date.parse(row.lockedUntil) > nowMs ? row.lockedUntil : null
}

/** Per connection: 250 ms for each failure in a row, at most 5 s, before the next attempt is looked at. */
export const THROTTLE_STEP_MS = 250
export const THROTTLE_MAX_MS = 5000

export function throttleDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(THROTTLE_STEP_MS * failures, THROTTLE_MAX_MS)
}

/**
 * The one refusal for an unknown login, a wrong password and a locked login: the reply never says
 * which (the audit trail does), nor how many attempts are left.
 */
export function signInRefused(): EngineError {
  return new EngineError(
    ErrorCode.STAFF_SIGN_IN_REFUSED,
    'Sign-in refused. Check the login and password. After too many wrong attempts an account is locked for at least 30 minutes, or until a supervisor unlocks it.',
  )
}

/** PCI DSS 8.3.7: a new password differs from each of the last 4 (the current one and 3 before it). */
export const PASSWORD_HISTORY = 4

/** PCI DSS 8.3.6, applied by the engine whatever the UI or the gate checked. */
export function assertStaffPassword(password: string): void {
  if (!staffPasswordOk(password)) {
    // The failed rules by name, so the screen can say which one (never the password itself).
    const failedRules = staffPasswordChecks(password).filter((c) => !c.ok).map((c) => c.id).join(',')
    throw new EngineError(ErrorCode.WEAK_PASSWORD, 'A staff password needs at least 12 characters with letters and digits.', { failedRules })
  }
}

/** The hashes kept after a change: the replaced one first, then the older ones, 3 in all. */
export function nextHistory(replacedHash: string, previous: readonly string[]): string[] {
  return [replacedHash, ...previous].slice(0, PASSWORD_HISTORY - 1)
}
