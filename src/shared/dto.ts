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

/** PCI DSS 8.4.2 enrolment, shown once to the enrolling staff member: the QR code and the same secret as text. */
export interface StaffEnrolmentDto {
  login: string
  /** Base32, for typing into an authenticator app by hand. */
  secret: string
  /** A PNG data URL of the otpauth:// URI. */
  qrDataUrl: string
}

/** A confirmed enrolment: the session, and the one-time recovery codes, shown this once. */
export interface StaffEnrolledDto {
  session: StaffSessionDto
  recoveryCodes: string[]
}

export interface SystemStatusDto {
  appVersion: string
  schemaVersion: number
  /** False until the first supervisor exists: the UI then shows the first-run screen. */
  initialised: boolean
  shell: 'electron' | 'browser'
  /** development: stand-ins for the SMS operator, card host and keychain; every screen says so. */
  mode: 'development' | 'production'
  /** The engine's clock against the wall clock (issue 17); null when the engine runs on another clock (tests). */
  clock: ClockStatusDto | null
}

/** Wall-clock jumps seen since the start: the engine keeps to the monotonic clock, the supervisor is told. */
export interface ClockStatusDto {
  jumps: number
  /** How far the wall clock is from the engine's time now, in ms (positive: ahead). */
  offsetMs: number
  lastJump: { offsetMs: number; trustedAt: string; wallAt: string } | null
  /**
   * Branch mode (issue 14): the workstation clock against the database server's at the last audit
   * event (skewMs positive: the workstation is ahead); alert while more than 5 s apart. Null in the
   * local store or before the first event.
   */
  server?: { skewMs: number; serverAt: string; alert: boolean } | null
}

export interface StaffMemberDto {
  id: string
  login: string
  displayName: string
  role: StaffRole
  disabled: boolean
  /** PCI DSS 8.3.4: end of a running lockout after wrong passwords; null when not locked. */
  lockedUntil: string | null
  lastSignInAt: string | null
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

/**
 * A lookup before the customer signs in says only registered / not registered / blocked: never the
 * name, the block reason or a lockout (the customer's details come with their own sign-in).
 */
export interface CustomerLookupDto {
  phone: string
  registered: boolean
  /** Blocked by the bank (S13); only ever true for a registered phone. */
  blocked: boolean
  /** Not registered yet: when the phone's verification at this counter stops counting for registration. */
  verifiedUntil: string | null
}

/** The customer at the counter, signed in with phone + password on this workstation window. */
export interface CustomerSessionDto {
  customerId: string
  phone: string
  name: string
  signedInAt: string
  /** When the counter session ends if nothing more happens (idle or absolute limit); given by `customer:current`. */
  endsAt?: string
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
  /** The event's place in the chain, for the detail view: its link, the link it follows, the chain-key version (null: plain SHA-256). */
  hash: string
  prevHash: string
  keyVersion: number | null
}

export interface AuditPageDto {
  rows: AuditEventDto[]
  /** Opaque keyset cursor for the next (older) page; null at the end. */
  nextCursor: string | null
}

/** The latest checkpoint of the chain the witness (outside the store) holds: events it vouches for, when, how long ago. */
export interface AuditCheckpointDto {
  size: number
  at: string
  ageSeconds: number
  /** Branch mode: how many workstation chains the checkpoint covers, and the events it vouches for in all (`size` is then the single chain before them). */
  chains?: number
  events?: number
}

/** Branch mode: the first bad event of one workstation chain: the chain (its workstation), its place there, its event. */
export interface AuditChainBreakDto {
  chain: string
  chainSeq: number
  brokenAt: number
  reason: Exclude<AuditBreakReason, 'witness'>
}

/**
 * Why verification failed: link (an event edited, forged or out of order), checkpoint (the chain is
 * not the one the witness vouched for), missing (witnessed events are gone: deleted, or an older copy
 * of the store), witness (the witness holds a checkpoint this store did not sign).
 */
export type AuditBreakReason = 'link' | 'checkpoint' | 'missing' | 'witness'

/** A restore of an older copy, acknowledged and signed into the witness (issue 17). */
export interface AuditRollbackDto {
  from: number
  to: number
  at: string
  by: string
}

/**
 * The integrity check (issue 14). Branch mode names the workstation chain and place of the first
 * bad event (`chain`, `chainSeq`) and every broken chain (`breaks`); `witnessError` is the kind of
 * the last failure to write the witness (never its message), absent while checkpoints are written.
 */
export type AuditVerifyDto =
  | { ok: true; count: number; checkpoint: AuditCheckpointDto | null; rollbacks?: AuditRollbackDto[]; witnessError?: string }
  | { ok: false; brokenAt: number; reason: AuditBreakReason; chain?: string; chainSeq?: number; breaks?: AuditChainBreakDto[]; checkpoint: AuditCheckpointDto | null; witnessError?: string }

/**
 * The checkpoint status as the audit screen opens (issue 14, `audit:checkpoint`), read from the
 * witness without walking the trail: `none` when no witness is configured; `unreadable` with the
 * kind of error (a code or a name, never a path); else the latest checkpoint this store signed
 * (null: none yet). `witnessError`: the kind of the last failure to write the witness.
 */
export type AuditCheckpointStatusDto =
  | { witness: 'none' }
  | { witness: 'unreadable'; kind: string; witnessError?: string }
  | { witness: 'read'; checkpoint: AuditCheckpointDto | null; witnessError?: string }

export interface AuditDayCountDto {
  /** Calendar day in Asia/Almaty, YYYY-MM-DD. */
  day: string
  count: number
}

export type LocalText = { en: string; ru: string; kk: string }

export interface ProviderDto {
  id: string
  category: 'mobile' | 'utilities' | 'internet' | 'tv' | 'fines' | 'other'
  name: LocalText
  params: { id: string; label: LocalText; pattern: string; hint: LocalText }[]
  minTiyn: number
  maxTiyn: number
}

/** A card the customer used before: masked only (first 6 / last 4), never the number. */
export interface SavedCardDto {
  id: string
  masked: string
  brand: string
  expiry: string
  lastUsedAt: string | null
}

/** A payment waiting for its session key (S12, S15.2). */
export interface PaymentIntentDto {
  intentId: string
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  cardMasked: string
  brand: string
  /** Distinct cards this calendar month (Almaty) including this one. */
  cardsThisMonth: number
  keySent: SessionKeySentDto
}

export interface PaymentReceiptDto {
  paymentId: string
  state: 'pending' | 'approved' | 'declined' | 'failed' | 'refunded'
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  cardMasked: string
  brand: string
  hostRef: string | null
  threeDs: 'authenticated' | 'bypassed' | 'not-enrolled' | null
  threeDsBypassed: boolean
  declineReason: string | null
  at: string
  customerPhone: string
  refundedAt: string | null
}

export interface FraudCaseDto {
  id: string
  customerPhone: string
  paymentId: string | null
  kind: 'lost-card' | 'stolen-card' | 'unauthorised' | 'other'
  status: 'open' | 'investigating' | 'resolved' | 'closed'
  resolution: 'client-favour' | 'bank-favour' | null
  createdAt: string
  updatedAt: string
  notes: { at: string; staffId: string | null; text: string }[]
}

/**
 * A bank receipt (issue 16; not a fiscal one: banks are exempt from cash-register receipts) for a
 * payment or its refund. The card shows at most its first 6 and last 4 digits.
 */
export interface ReceiptDto {
  reference: string
  bank: string
  branch: string
  workstation: string
  teller: string
  /** When the payment was made, and when it was refunded (a refund receipt). */
  at: string
  refundedAt: string | null
  printedAt: string
  provider: LocalText
  payee: { label: LocalText; value: string }[]
  amountTiyn: number
  cardMasked: string
  brand: string
  authCode: string | null
  state: PaymentReceiptDto['state']
  /** 1 for the original; every later print is a duplicate (ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE). */
  copy: number
  duplicate: boolean
}

/** Issue 13, four-eyes approval: the supervisor actions a policy may hold for a second supervisor. */
export type ApprovalKind =
  | 'customer.unlock'
  | 'customer.unblock'
  | 'staff.unlock'
  | 'payment.refund'
  | 'fraud.resolve'
  | 'staff.createSupervisor'
  | 'staff.setRole'
  | 'staff.resetSecondFactor'
  | 'keys.rotate'

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed'

/** One maker-checker request as a supervisor sees it in the approvals inbox (no secret in `summary`). */
export interface ApprovalDto {
  id: string
  kind: ApprovalKind
  /** What the action is about, for display: phone, login, payment id... */
  summary: Record<string, string>
  status: ApprovalStatus
  makerId: string
  makerLogin: string | null
  makerReason: string
  makerWorkstation: string
  createdAt: string
  expiresAt: string
  checkerId: string | null
  checkerLogin: string | null
  checkerReason: string | null
  decidedAt: string | null
  /** When execution failed: the error code. */
  failure: string | null
  /** The caller made this request (so may not decide it). */
  mine: boolean
}
