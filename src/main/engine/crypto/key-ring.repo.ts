import type { SecretKeyName } from '../kernel/ports'

/**
 * The store port for the key ring (implemented in src/main/store/repos/key-ring.repo.ts). It
 * holds wrapped keys only: never a KEK or an unwrapped key.
 */

/**
 * Keys the ring holds: one encryption key (rotated by version), MAC keys (stable), the audit
 * chain's HMAC key (rotated by version, old versions kept to verify old events) and the seed of
 * the Ed25519 key that signs audit checkpoints.
 */
export type KeyPurpose = 'data' | SecretKeyName | 'audit-chain' | 'audit-signing'

export interface KeyRingMeta {
  installId: string
  /** Base64 salt of the passphrase KEK derivation. */
  salt: string
  kekMode: string
}

export interface WrappedKeyRow {
  purpose: KeyPurpose
  version: number
  wrapped: string
  state: 'active' | 'retired'
}

export interface KeyRingRepo {
  findMeta(): Promise<KeyRingMeta | null>
  createMeta(meta: KeyRingMeta, createdAt: string): Promise<void>
  /** Any one wrapped key: enough to tell which KEK the ring is wrapped under. */
  findAnyKey(): Promise<Pick<WrappedKeyRow, 'purpose' | 'version' | 'wrapped'> | null>
  listKeys(): Promise<WrappedKeyRow[]>
  addActiveKey(purpose: KeyPurpose, version: number, wrapped: string, createdAt: string): Promise<void>
  activeDataKeyVersion(): Promise<number>
  /** Every data key version stops being the one new fields are sealed with. */
  retireDataKeys(): Promise<void>
  /** Every version of the purpose stops being the active one. */
  retireKeys(purpose: KeyPurpose): Promise<void>
  rewrapKey(purpose: KeyPurpose, version: number, wrapped: string): Promise<void>
  /** Passphrase rotation: the salt of the new passphrase's KEK, in the transaction that re-wraps the keys. */
  replaceSalt(salt: string): Promise<void>
}
