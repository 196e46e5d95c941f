export type StaffRole = 'teller' | 'supervisor'

export interface StaffSessionDto {
  staffId: string
  login: string
  displayName: string
  role: StaffRole
  workstation: string
  signedInAt: string
  /** Idle auto-lock in seconds (configurable, default 300). */
  idleTimeoutSeconds: number
}

export interface SystemStatusDto {
  appVersion: string
  schemaVersion: number
  /** False until the first supervisor exists: the UI then shows the first-run screen. */
  initialised: boolean
  shell: 'electron' | 'browser'
}

export interface StaffMemberDto {
  id: string
  login: string
  displayName: string
  role: StaffRole
  disabled: boolean
  createdAt: string
}

export type SessionKeyPurpose = 'verify' | 'register' | 'password-change'

/** A session key was sent; the key itself never leaves the SMS gateway. */
export interface SessionKeySentDto {
  phone: string
  purpose: SessionKeyPurpose | 'transaction'
  expiresAt: string
  resendAvailableAt: string
}

export type CustomerAccessState =
  | { kind: 'active' }
  | { kind: 'lockout'; until: string }
  | { kind: 'block'; reason: string | null }

export interface CustomerLookupDto {
  phone: string
  registered: boolean
  name: string | null
  /** When the phone was last verified at this counter, still valid for registration. */
  verifiedUntil: string | null
  access: CustomerAccessState
}

/** The customer at the counter, signed in with phone + password on this workstation window. */
export interface CustomerSessionDto {
  customerId: string
  phone: string
  name: string
  signedInAt: string
}

export interface LockoutDto {
  phone: string
  name: string | null
  kind: 'lockout' | 'block'
  until: string | null
  secondsLeft: number | null
  reason: string | null
}

export interface AuditEventDto {
  seq: number
  at: string
  actorStaffId: string | null
  workstation: string
  customerRef: string | null
  action: string
  outcome: 'success' | 'failure' | 'denied'
  details: Record<string, string | number | boolean | null>
}

export interface AuditPageDto {
  rows: AuditEventDto[]
  /** Opaque keyset cursor for the next (older) page; null at the end. */
  nextCursor: string | null
}

export type AuditVerifyDto = { ok: true; count: number } | { ok: false; brokenAt: number }

export interface AuditDayCountDto {
  /** Calendar day in Asia/Almaty, YYYY-MM-DD. */
  day: string
  count: number
}
