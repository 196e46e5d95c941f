import type { KeyStore } from '../kernel/ports'
import type { KeyRing } from './key-ring'
import { macTag } from './mac-tag'
import { aadOf, isSealedValue } from './at-rest-rules'
import type { SealedColumn } from './sealed-field.repo'

export { payeeOf } from './at-rest-rules'

/**
 * A keyed blind index (HMAC-SHA-256) of a value, for equality lookups on a column that holds no
 * clear value. The one place that picks the key for the indexes of issue 15 (`domain` keeps the
 * indexes of different columns apart).
 */
export async function blindIndex(keys: KeyStore, domain: string, value: string): Promise<string> {
  // Under the active version (`macTag`: version 1 the bare digest, later ones `v<n>.`): rows are
  // re-indexed after a rotation (payees by `keys reencrypt`, a phone's session keys when it next uses one).
  const { version, key } = await keys.mac('blind-index')
  return macTag(key, version, `${domain}\n${value}`)
}

/** The index under every live version, newest (active) first: rows not yet re-indexed are found too. */
export async function blindIndexes(keys: KeyStore, domain: string, value: string): Promise<string[]> {
  const out: string[] = []
  for (const version of await keys.macVersions('blind-index')) {
    const key = await keys.macAt('blind-index', version)
    if (key) out.push(macTag(key, version, `${domain}\n${value}`))
  }
  return out
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

  indexes(domain: string, value: string): Promise<string[]> {
    return blindIndexes(this.ring, domain, value)
  }

  /** `v<n>.` of the active blind-index version, or null while it is version 1 (nothing to re-index). */
  async indexPrefix(): Promise<string | null> {
    const { version } = await this.ring.mac('blind-index')
    return version === 1 ? null : `v${version}.`
  }

  get dataKeyPrefix(): string {
    return `k${this.ring.dataKeyVersion}:`
  }
}
