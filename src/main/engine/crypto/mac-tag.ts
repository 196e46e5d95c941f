import { createHmac } from 'node:crypto'
import type { SecretKeyName } from '../kernel/ports'

/** The HMAC keys of the ring: each versioned, rotatable, every version kept so old values still verify. */
export type MacPurpose = SecretKeyName
export const MAC_PURPOSES: readonly MacPurpose[] = ['session-key-mac', 'card-fingerprint', 'blind-index']

/** Tags fit the 64-character columns made for the first version: version 1 is the bare hex digest, as before rotation existed. */
const WIDTH = 64

/**
 * HMAC-SHA-256 of `data` under one version of a key, as stored: version 1 is the 64-hex digest
 * (the format stored before versions existed), later versions `v<n>.` followed by the digest cut
 * to 64 characters in all (at least 240 bits for any version below 10^6).
 */
export function macTag(key: Buffer, version: number, data: string): string {
  const hex = createHmac('sha256', key).update(data).digest('hex')
  return version === 1 ? hex : `v${version}.${hex}`.slice(0, WIDTH)
}

/** The key version a stored tag was made with. */
export function macVersionOf(tag: string): number {
  const m = /^v(\d+)\./.exec(tag)
  return m ? Number(m[1]) : 1
}
