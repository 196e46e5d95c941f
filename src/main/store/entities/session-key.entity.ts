import { EntitySchema } from 'typeorm'

export type SessionKeyPurposeRow = 'verify' | 'register' | 'password-change' | 'transaction'
export type SessionKeyState = 'active' | 'used' | 'superseded' | 'exhausted' | 'expired' | 'unsent'

export interface SessionKeyRow {
  id: string
  phone: string
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

export const SessionKeyEntity = new EntitySchema<SessionKeyRow>({
  name: 'SessionKey',
  tableName: 'session_key',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    phone: { type: 'varchar', length: 16 },
    purpose: { type: 'varchar', length: 16 },
    binding: { type: 'varchar', length: 64, nullable: true },
    codeMac: { name: 'code_mac', type: 'varchar', length: 64 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    expiresAt: { name: 'expires_at', type: 'varchar', length: 32 },
    wrongAttempts: { name: 'wrong_attempts', type: 'integer', default: 0 },
    state: { type: 'varchar', length: 12 },
    usedAt: { name: 'used_at', type: 'varchar', length: 32, nullable: true },
  },
})
