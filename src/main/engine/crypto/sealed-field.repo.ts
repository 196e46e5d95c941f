/** The store port for sealing free-text and personal columns at rest (issue 15; implemented in store/repos/sealed-field.repo.ts). */

/** Each sealed column, as `table.column`; the AAD of a value names the table, the row id and the column. */
export type SealedColumn = 'payment.params' | 'payment.refund_reason' | 'customer.block_reason' | 'fraud_note.text'
export const SEALED_COLUMNS: readonly SealedColumn[] = ['payment.params', 'payment.refund_reason', 'customer.block_reason', 'fraud_note.text']

/**
 * Columns sealed by their own services with their own AADs (four-eyes approvals, staff TOTP
 * secrets), as `table.column`: only re-sealed here, after a data-key rotation.
 */
export type OwnedSealedColumn = 'approval_request.params_sealed' | 'approval_request.maker_reason_sealed' | 'approval_request.checker_reason_sealed' | 'staff_totp.secret_sealed'
export const OWNED_SEALED_COLUMNS: readonly OwnedSealedColumn[] = [
  'approval_request.params_sealed',
  'approval_request.maker_reason_sealed',
  'approval_request.checker_reason_sealed',
  'staff_totp.secret_sealed',
]

/** One row's value in a sealed column, as stored. */
export interface StoredField {
  id: string
  value: string
}

export interface SealedFieldRepo {
  /** Rows whose value is still in clear (written before migration 12), at most `limit`. */
  findClear(column: SealedColumn, limit: number): Promise<StoredField[]>
  /** Sealed values under another data-key version than the one `keyPrefix` (`k<version>:`) names. */
  findSealedOtherThan(column: SealedColumn, keyPrefix: string, limit: number): Promise<StoredField[]>
  /** Only while the value is still `was`: false when another workstation replaced it first. */
  replace(column: SealedColumn, id: string, was: string, value: string): Promise<boolean>
  /** Payments (id and stored parameters) whose payee index is not under the blind-index version `indexPrefix` names. */
  findPayeeIndexOtherThan(indexPrefix: string, limit: number): Promise<StoredField[]>
  /** The keyed index of a payment's payee (blind index of its first parameter). */
  setPayeeIndex(paymentId: string, payeeIndex: string): Promise<void>
  /** Distinct phones still in clear in `session_key.phone_index` (rows older than migration 12). */
  clearSessionKeyPhones(limit: number): Promise<string[]>
  indexSessionKeyPhone(phone: string, phoneIndex: string): Promise<void>
  /** Values of an owned column under another data-key version than `keyPrefix` names (`id`: the row's key). */
  findOwnedOtherThan(column: OwnedSealedColumn, keyPrefix: string, limit: number): Promise<StoredField[]>
  /** Only while the value is still `was`. */
  replaceOwned(column: OwnedSealedColumn, id: string, was: string, value: string): Promise<void>
  /** After sealing: no old clear page left (SQLite: checkpoint, VACUUM, checkpoint, secure_delete on; PostgreSQL: VACUUM FULL of the sealed tables). */
  compact(): Promise<void>
}
