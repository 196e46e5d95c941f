import type { SealedColumn } from './sealed-field.repo'

/**
 * A value sealed by `KeyRing.sealField`: `k<data-key version>:v1.<iv>.<tag>.<ciphertext>`. The same
 * test as the store's SQL (`GLOB 'k[0-9]*:v1.*'`, `~ '^k[0-9]+:v1[.]'`) that finds the clear rows.
 */
const SEALED_VALUE = /^k\d+:v1\./

export function isSealedValue(stored: string): boolean {
  return SEALED_VALUE.test(stored)
}

/** The AAD of a sealed column's value: table, row id and column, so it cannot be moved elsewhere. */
export function aadOf(column: SealedColumn, rowId: string): string {
  const [table, name] = column.split('.') as [string, string]
  return `${table}:${rowId}:${name}`
}

/**
 * The payee of a payment, for its keyed index: the provider's first parameter (subscriber number,
 * account, IIN...), spaces removed; parameters that are not a JSON object are taken whole.
 */
export function payeeOf(paramsJson: string): string {
  try {
    const params = JSON.parse(paramsJson) as unknown
    const first = params !== null && typeof params === 'object' ? Object.values(params)[0] : undefined
    return typeof first === 'string' ? first.replace(/\s+/g, '') : paramsJson
  } catch {
    return paramsJson
  }
}
