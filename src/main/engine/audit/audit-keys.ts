import type { KeyObject } from 'node:crypto'

/** The keys the audit trail needs from the key ring (implemented by crypto/key-ring.ts). */
export interface AuditKeys {
  /** The active HMAC key of the chain and its version: every new event's link is made with it. */
  chainKey(): { version: number; key: Buffer }
  /** The chain key of a version (a retired one for old events), or null when the ring has none. */
  chainKeyAt(version: number): Promise<Buffer | null>
  /** The Ed25519 key pair that signs checkpoints; its seed is sealed by the key ring. */
  checkpointSigner(): { privateKey: KeyObject; publicKey: KeyObject }
  /** The active blind-index key: customers are named in the trail by an HMAC of their phone under it. */
  mac(name: 'blind-index'): Promise<{ version: number; key: Buffer }>
  /** A live version of it (pseudonyms carry the version they were made with), or null. */
  macAt(name: 'blind-index', version: number): Promise<Buffer | null>
  /** Every live version, newest first: a search by phone looks for the pseudonym under each. */
  macVersions(name: 'blind-index'): Promise<number[]>
  /** AES-256-GCM under the ring's active data key, the AAD naming where the value is stored. */
  sealField(plain: string, aad: string): string
  openField(value: string, aad: string): string
}
