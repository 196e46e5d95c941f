/** The store port for session keys (implemented in src/main/store/repos/session-key.repo.ts). */

export type SessionKeyPurposeRow = 'verify' | 'register' | 'password-change' | 'transaction'
export type SessionKeyState = 'active' | 'used' | 'superseded' | 'exhausted' | 'expired' | 'unsent'

export interface SessionKeyRow {
  id: string
  /** Keyed blind index of the E.164 phone (issue 15): the number itself is not stored. */
  phoneIndex: string
  purpose: SessionKeyPurposeRow
  /** S12: SHA-256 of the canonical operation a transaction key confirms; null for other purposes. */
  binding: string | null
  /** HMAC-SHA256 (key from the key store) over id, phone, purpose, binding and the 6 digits: never the digits. */
  codeMac: string
  createdAt: string
  /** S9: createdAt + 15 minutes. */
  expiresAt: string
  wrongAttempts: number
  state: SessionKeyState
  usedAt: string | null
}

export interface SessionKeyRepo {
  /** Removes every phone's keys created before the instant (ISO). */
  purgeCreatedBefore(instant: string): Promise<void>
  /** The phone's keys created after the instant, oldest first, `unsent` ones included (they count toward the caps). */
  /** A phone's rows indexed under older blind-index versions moved to its index under the active one. */
  reindexPhone(older: readonly string[], phoneIndex: string): Promise<void>
  listIssuedSince(phoneIndex: string, instant: string): Promise<SessionKeyRow[]>
  /**
   * The key's SMS reached the operator: every older active key of its phone and purpose stops
   * working (S10); a newer key stays the newest.
   */
  supersedeOlder(row: Pick<SessionKeyRow, 'id' | 'phoneIndex' | 'purpose' | 'createdAt'>): Promise<void>
  /** Stored active before its SMS leaves (the newest active key is the one that works); older keys stay active until it is delivered. */
  add(row: SessionKeyRow): Promise<void>
  /** The SMS never left: the key never works (it still counts toward the daily caps). */
  markUnsent(id: string): Promise<void>
  /** The key stored unusable before its SMS left becomes usable (with its send event). */
  activate(id: string): Promise<void>
  findNewestActive(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<SessionKeyRow | null>
  /** The newest key of this phone and purpose that reached the gateway, whatever its state. */
  findNewestSent(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<SessionKeyRow | null>
  markExpired(id: string): Promise<void>
  markUsed(id: string, usedAt: string): Promise<void>
  /** Counts a wrong entry; an exhausted key is spent. */
  recordWrongEntry(id: string, wrongAttempts: number, exhausted: boolean): Promise<void>
  /** When a key of this phone and purpose was last entered correctly, or null. */
  lastUsedAt(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<string | null>
}
