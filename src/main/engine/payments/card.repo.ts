/**
 * 'pending' while its first payment waits for the host (not listed, not counted), 'saved' once
 * approved, 'dropped' when declined, never received or purged (no PAN kept, not even sealed).
 */
export type CardStatus = 'saved' | 'pending' | 'dropped'

/** What a dropped card keeps in place of its sealed PAN: key version 0 does not exist, nothing opens. */
export const DROPPED_PAN = 'k0:v1.none'

/** A saved card (S16): the PAN only sealed, shown masked, matched by its keyed fingerprint. */
export interface CardRow {
  id: string
  customerId: string
  /** HMAC-SHA256 of the PAN (card-fingerprint key): "same card" and the monthly count, never the PAN. */
  fingerprint: string
  /** AES-256-GCM, `k<version>:v1.…`, AAD `card:<id>:pan`. */
  panSealed: string
  /** First 6 and last 4 digits (PCI DSS 3.4.1). */
  masked: string
  brand: string
  expMonth: number
  expYear: number
  issuerCountry: string
  threeDsEnrolled: boolean
  createdAt: string
  lastUsedAt: string | null
  status: CardStatus
}

/** The store port for saved cards and their use per calendar month (implemented by the store's SqlCardRepo). */
export interface CardRepo {
  /** A customer's saved cards (status 'saved'), most recently used first. */
  listForCustomer(customerId: string): Promise<CardRow[]>
  /** A saved card (status 'saved') of this customer. */
  findForCustomer(customerId: string, cardId: string): Promise<CardRow | null>
  findById(cardId: string): Promise<CardRow | null>
  findByFingerprint(customerId: string, fingerprint: string): Promise<CardRow | null>
  insert(row: CardRow): Promise<void>
  /** The same card typed again: its (possibly renewed) expiry, and when it was used. */
  refreshExpiry(cardId: string, expMonth: number, expYear: number, lastUsedAt: string): Promise<void>
  markUsed(cardId: string, lastUsedAt: string): Promise<void>
  /** What the host last said about the card's 3-D Secure enrolment. */
  setThreeDsEnrolled(cardId: string, enrolled: boolean): Promise<void>
  /** Cards whose PAN is sealed under another data-key version than this one. */
  /** Cards sealed under another data key, or whose fingerprint does not start with `fingerprintPrefix` (null: every fingerprint is current). */
  findSealedUnderOtherKey(dataKeyVersion: number, fingerprintPrefix: string | null, limit: number): Promise<CardRow[]>
  reseal(cardId: string, panSealed: string): Promise<void>
  /** A customer's card fingerprint re-made under a newer key version: the saved card and its monthly uses. */
  refingerprint(customerId: string, from: string, to: string): Promise<void>
  /** S15.3: fingerprints of the distinct cards a customer used in a calendar month (YYYY-MM, Almaty). */
  fingerprintsUsedInMonth(customerId: string, month: string): Promise<string[]>
  /** `pendingPayment`: the place is held for that payment until the host answers (null: counted now). */
  recordUseInMonth(customerId: string, month: string, fingerprint: string, firstUsedAt: string, pendingPayment?: string | null): Promise<void>
  /** The place held for this payment is counted (approved). */
  countHeldUse(paymentId: string): Promise<void>
  /** The place held for this payment is given back (declined, never received). */
  releaseHeldUse(paymentId: string): Promise<void>
  /** A card saved once its first payment is approved; false if it was not pending. */
  confirmSaved(cardId: string): Promise<boolean>
  /**
   * The card's PAN and fingerprint overwritten (status 'dropped'), only while it has `status` and
   * no payment pending at the host still needs it (and, with `unusedBefore`, was last used before
   * that instant); false otherwise.
   */
  drop(cardId: string, status: 'pending' | 'saved', unusedBefore?: string): Promise<boolean>
  /** Saved cards not used since `before` (ISO) and with no payment pending, oldest first. */
  findUnusedSince(before: string, limit: number): Promise<CardRow[]>
}
