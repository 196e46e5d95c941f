import { EntitySchema } from 'typeorm'

export interface CustomerRow {
  id: string
  /** S6: the login, E.164 (+77xxxxxxxxx). */
  phone: string
  name: string
  /** YYYY-MM-DD (calendar date, no time zone). */
  dateOfBirth: string
  /** argon2id PHC string. */
  passwordHash: string
  /** S11: wrong passwords since the last success or lockout; reserved before each check. */
  failedAttempts: number
  /** S11: ISO instant until which sign-in is refused; null when not locked. */
  lockedUntil: string | null
  /** S13: manual block by the bank; only a supervisor lifts it. */
  blocked: boolean
  blockReason: string | null
  blockedBy: string | null
  blockedAt: string | null
  passwordChangedAt: string
  createdAt: string
  updatedAt: string
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    phone: { type: 'varchar', length: 16, unique: true },
    name: { type: 'varchar', length: 120 },
    dateOfBirth: { name: 'date_of_birth', type: 'varchar', length: 10 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    failedAttempts: { name: 'failed_attempts', type: 'integer', default: 0 },
    lockedUntil: { name: 'locked_until', type: 'varchar', length: 32, nullable: true },
    blocked: { type: 'boolean', default: false },
    blockReason: { name: 'block_reason', type: 'varchar', length: 500, nullable: true },
    blockedBy: { name: 'blocked_by', type: 'varchar', length: 36, nullable: true },
    blockedAt: { name: 'blocked_at', type: 'varchar', length: 32, nullable: true },
    passwordChangedAt: { name: 'password_changed_at', type: 'varchar', length: 32 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
})
