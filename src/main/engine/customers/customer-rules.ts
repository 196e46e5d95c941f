import type { CustomerAccessState, LockoutDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { customerPasswordChecks } from '../../../shared/password-rules'
import { almatyDay } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'
import type { CustomerRow } from './customer.repo'
import type { CustomerClear } from './customer-vault'

/** S11: three wrong passwords, then 15 minutes without access. */
export const MAX_PASSWORD_ATTEMPTS = 3
export const LOCKOUT_MS = 15 * 60_000
export const ADULT_AGE_YEARS = 18

export const iso = (ms: number) => new Date(ms).toISOString()

export interface CustomerPublic {
  id: string
  phone: string
  name: string
  dateOfBirth: string
  createdAt: string
}

export function publicView(row: Pick<CustomerRow, 'id' | 'createdAt'>, clear: CustomerClear): CustomerPublic {
  return { id: row.id, ...clear, createdAt: row.createdAt }
}

/** S7, applied by the engine whatever the UI showed. The reply names the failed rules, never the password. */
export function assertCustomerPassword(password: string): void {
  const failed = customerPasswordChecks(password).filter((c) => !c.ok).map((c) => c.id)
  if (failed.length > 0) {
    throw new EngineError(ErrorCode.WEAK_PASSWORD, 'The password does not meet the rules.', { failedRules: failed.join(',') })
  }
}

/** S5.2(b): a real calendar date, not in the future, and an adult customer (Almaty "today"). */
export function assertAdultBirthDate(dateOfBirth: string, now: Date): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth)
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null
  const real = parsed !== null && parsed.toISOString().slice(0, 10) === dateOfBirth && dateOfBirth >= '1900-01-01'
  const today = almatyDay(now)
  const adultIfBornBy = `${Number(today.slice(0, 4)) - ADULT_AGE_YEARS}${today.slice(4)}`
  if (!real || dateOfBirth > today || dateOfBirth > adultIfBornBy) {
    throw new EngineError(
      ErrorCode.INVALID_BIRTH_DATE,
      'The date of birth is not valid: the customer must be an adult and the date cannot be in the future.',
    )
  }
}

/** S5.2: the name as stored, or null when it is too short or too long once spaces are tidied. */
export function normaliseName(input: string): string | null {
  const name = input.trim().replace(/\s+/g, ' ')
  return name.length < 2 || name.length > 120 ? null : name
}

/** S11: the end of a lockout still running at `nowMs`, else null (an expired lock no longer counts). */
export function lockedUntilAt(row: Pick<CustomerRow, 'lockedUntil'>, nowMs: number): string | null {
  return row.lockedUntil !== null && Date.parse(row.lockedUntil) > nowMs ? row.lockedUntil : null
}

export function blockedError(): EngineError {
  return new EngineError(ErrorCode.CUSTOMER_BLOCKED, 'Access is blocked by the bank. A supervisor can lift the block.')
}

/** `secondsLeft` by the engine's clock: the screen counts down from it, whatever the workstation's own clock says. */
export function lockedError(until: string, nowMs: number, message = 'Access is locked for 15 minutes after 3 wrong passwords.'): EngineError {
  const secondsLeft = Math.max(0, Math.round((Date.parse(until) - nowMs) / 1000))
  return new EngineError(ErrorCode.CUSTOMER_LOCKED, message, { lockedUntil: until, secondsLeft })
}

/** Why a customer row may not sign in now: blocked by the bank, else locked out. */
export function signInRefusal(row: Pick<CustomerRow, 'blocked' | 'lockedUntil'>, nowMs: number): EngineError {
  return row.blocked ? blockedError() : lockedError(row.lockedUntil ?? iso(nowMs + LOCKOUT_MS), nowMs)
}

/** What the counter shows about a registered customer's access: a block wins over a running lockout. */
export function accessOf(row: Pick<CustomerRow, 'blocked' | 'blockReason' | 'lockedUntil'>, nowMs: number): CustomerAccessState {
  const until = lockedUntilAt(row, nowMs)
  return row.blocked ? { kind: 'block', reason: row.blockReason } : until ? { kind: 'lockout', until } : { kind: 'active' }
}

/** What a supervisor's unblock lifts: the manual block (S13) and/or the lockout (S11), in that order. */
export function liftable(row: Pick<CustomerRow, 'blocked' | 'lockedUntil' | 'failedAttempts'>, nowMs: number): ('block' | 'lockout')[] {
  const what: ('block' | 'lockout')[] = []
  if (row.blocked) what.push('block')
  if (lockedUntilAt(row, nowMs) || row.failedAttempts >= MAX_PASSWORD_ATTEMPTS) what.push('lockout')
  return what
}

/** The lockouts list: manual blocks first, then lockouts by time left. */
export function byLockoutOrder(a: LockoutDto, b: LockoutDto): number {
  return a.kind === b.kind ? (a.secondsLeft ?? 0) - (b.secondsLeft ?? 0) : a.kind === 'block' ? -1 : 1
}

/** One line of the lockouts list, for a row that is blocked or locked until after `nowMs`. */
export function lockoutEntry(row: Pick<CustomerRow, 'blocked' | 'blockReason' | 'lockedUntil'>, clear: Pick<CustomerClear, 'phone' | 'name'>, nowMs: number): LockoutDto {
  const { phone, name } = clear
  if (row.blocked) return { phone, name, kind: 'block', until: null, secondsLeft: null, reason: row.blockReason }
  return {
    phone,
    name,
    kind: 'lockout',
    until: row.lockedUntil,
    secondsLeft: Math.ceil((Date.parse(row.lockedUntil!) - nowMs) / 1000),
    reason: null,
  }
}
