import { EntitySchema } from 'typeorm'
import type { CustomerRow } from '../../engine/customers/customer.repo'

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    phoneIndex: { name: 'phone_index', type: 'varchar', length: 64, unique: true, nullable: true },
    phoneSealed: { name: 'phone_sealed', type: 'text', nullable: true },
    nameSealed: { name: 'name_sealed', type: 'text', nullable: true },
    dobSealed: { name: 'dob_sealed', type: 'text', nullable: true },
    legacyPhone: { name: 'legacy_phone', type: 'varchar', length: 16, nullable: true },
    legacyName: { name: 'legacy_name', type: 'varchar', length: 120, nullable: true },
    legacyDob: { name: 'legacy_dob', type: 'varchar', length: 10, nullable: true },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    failedAttempts: { name: 'failed_attempts', type: 'integer', default: 0 },
    lockedUntil: { name: 'locked_until', type: 'varchar', length: 32, nullable: true },
    blocked: { type: 'boolean', default: false },
    blockReason: { name: 'block_reason', type: 'text', nullable: true },
    blockedBy: { name: 'blocked_by', type: 'varchar', length: 36, nullable: true },
    blockedAt: { name: 'blocked_at', type: 'varchar', length: 32, nullable: true },
    passwordChangedAt: { name: 'password_changed_at', type: 'varchar', length: 32 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
    smsLocale: { name: 'sms_locale', type: 'varchar', length: 2, nullable: true },
  },
})
