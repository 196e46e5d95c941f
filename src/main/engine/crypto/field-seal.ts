import { createHmac } from 'node:crypto'
import type { KeyStore } from '../kernel/ports'
import type { KeyRing } from './key-ring'
import { aadOf, isSealedValue } from './at-rest-rules'
import type { SealedColumn } from './sealed-field.repo'

export { payeeOf } from './at-rest-rules'

/**
 * A keyed blind index (HMAC-SHA-256) of a value, for equality lookups on a column that holds no
 * clear value. The one place that picks the key for the indexes of issue 15 (`domain` keeps the
 * indexes of different columns apart).
 */
export async function blindIndex(keys: KeyStore, domain: string, value: string): Promise<string> {
  // Version 1 of the blind-index key, kept for good (keys are never deleted): these indexes are not
  // re-indexed when the HMAC keys rotate yet, so every row stays findable after a rotation.
  const key = await keys.macAt('blind-index', 1)
  if (!key) throw new Error('The blind-index key version 1 is missing from the key ring.')
  return createHmac('sha256', key).update(`${domain}\n${value}`).digest('hex')
}

/** The blind-index domains of issue 15. */
export const INDEX_DOMAIN = { sessionKeyPhone: 'session_key.phone', payee: 'payment.payee' } as const

/**
 * Free-text and personal columns sealed at rest (issue 15): AES-256-GCM under the ring's active data
 * key, the AAD naming the table, the row id and the column, so a value cannot be moved to another
 * row or column. A value still in clear (a row older than migration 12, before the start step
 * sealed it) is returned as it is.
 */
export class FieldSeal {
  constructor(private readonly ring: KeyRing) {}

  seal(column: SealedColumn, rowId: string, plain: string): string {
    return this.ring.sealField(plain, aadOf(column, rowId))
  }

  open(column: SealedColumn, rowId: string, stored: string): string {
    return isSealedValue(stored) ? this.ring.openField(stored, aadOf(column, rowId)) : stored
  }

  openOrNull(column: SealedColumn, rowId: string, stored: string | null): string | null {
    return stored === null ? null : this.open(column, rowId, stored)
  }

  /** A value sealed by another service under an older data key, sealed again under the active one with the same AAD. */
  reseal(stored: string, aad: string): string {
    return this.ring.sealField(this.ring.openField(stored, aad), aad)
  }

  index(domain: string, value: string): Promise<string> {
    return blindIndex(this.ring, domain, value)
  }

  get dataKeyPrefix(): string {
    return `k${this.ring.dataKeyVersion}:`
  }
}
