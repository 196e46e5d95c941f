import { EntitySchema } from 'typeorm'
import type { SessionKeyRow } from '../../engine/session-keys/session-key.repo'

export const SessionKeyEntity = new EntitySchema<SessionKeyRow>({
  name: 'SessionKey',
  tableName: 'session_key',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    phoneIndex: { name: 'phone_index', type: 'varchar', length: 64 },
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
