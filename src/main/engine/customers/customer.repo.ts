/** The store port for customers: the store implements it as SqlCustomerRepo. */

export interface CustomerRow {
  id: string
  /** HMAC-SHA256 of the E.164 phone (blind-index key): how a customer is found by login (S6). */
  phoneIndex: string | null
  /** AES-256-GCM, AAD `customer:<id>:phone|name|dob`. */
  phoneSealed: string | null
  nameSealed: string | null
  dobSealed: string | null
  /** Clear values of rows written before migration 5; sealed and cleared at the next engine start. */
  legacyPhone: string | null
  legacyName: string | null
  legacyDob: string | null
  /** argon2id PHC string. */
  passwordHash: string
  /** S11: wrong passwords since the last success or lockout; reserved before each check. */
  failedAttempts: number
  /** S11: ISO instant until which sign-in is refused; null when not locked. */
  lockedUntil: string | null
  /** S13: manual block by the bank; only a supervisor lifts it. */
  blocked: boolean
  /** Sealed (issue 15, `customer.block_reason`). */
  blockReason: string | null
  blockedBy: string | null
  blockedAt: string | null
  passwordChangedAt: string
  createdAt: string
  updatedAt: string
  /** Issue 12: the language of the customer's SMS (migration 17); null: the workstation's default. */
  smsLocale?: 'kk' | 'ru' | 'en' | null
}

/** The personal-data columns of a row, as the vault seals them. */
export type CustomerSealed = Pick<CustomerRow, 'phoneIndex' | 'phoneSealed' | 'nameSealed' | 'dobSealed' | 'legacyPhone' | 'legacyName' | 'legacyDob'>

export interface SignInReservation {
  /** True when this attempt took one of the password checks. */
  reserved: boolean
  /** The row as it stands after the reservation (or the refusal to reserve). */
  after: CustomerRow
}

export interface CustomerRepo {
  findById(id: string): Promise<CustomerRow | null>
  /** Throws when the row is missing. */
  getById(id: string): Promise<CustomerRow>
  findByPhoneIndex(phoneIndex: string): Promise<CustomerRow | null>
  insert(row: CustomerRow): Promise<void>
  /**
   * S11 in one conditional UPDATE, then the row re-read: counts the attempt unless the customer is
   * blocked, locked until after `nowIso`, or out of attempts; a lockout that ended by `nowIso`
   * starts a fresh count; the attempt that reaches `max` locks until `untilIso` at once.
   * Run it inside a transaction so the re-read sees this very update.
   */
  reserveSignInAttempt(id: string, nowIso: string, untilIso: string, max: number): Promise<SignInReservation>
  /**
   * After a good password: resets the count (and stores a rehash) unless the customer was blocked,
   * or locked by anything but this attempt's own provisional lock, meanwhile. True when it did.
   */
  clearAfterSignIn(id: string, ownLock: string | null, updatedAt: string, rehash: string | null): Promise<boolean>
  setPassword(id: string, passwordHash: string, changedAt: string): Promise<void>
  setSmsLocale(id: string, locale: 'kk' | 'ru' | 'en', at: string): Promise<void>
  block(id: string, reason: string, blockedBy: string | null, at: string): Promise<void>
  /** Lifts a manual block and a password lockout together. */
  liftBlockAndLockout(id: string, at: string): Promise<void>
  /** Blocked, or locked out until after `nowIso`. */
  findWithoutAccess(nowIso: string): Promise<CustomerRow[]>
  /** Rows still holding clear legacy columns (written before migration 5). */
  findLegacy(): Promise<CustomerRow[]>
  /** Sealed rows whose name is not sealed under `keyPrefix` (the current data-key version). */
  /** Sealed rows whose name is not sealed under `keyPrefix`, or whose phone index does not start with `indexPrefix` (null: every index is current). */
  findSealedOtherThan(keyPrefix: string, indexPrefix: string | null, limit: number): Promise<CustomerRow[]>
  reseal(id: string, sealed: CustomerSealed): Promise<void>
}
