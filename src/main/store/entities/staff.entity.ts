import { EntitySchema } from 'typeorm'
import type { StaffRow } from '../../engine/staff/staff.repo'

// EntitySchema rather than decorators: no reliance on emitted decorator metadata, which the
// esbuild/oxc transforms used by tsx, vitest and vite do not produce.
export const StaffEntity = new EntitySchema<StaffRow>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    login: { type: 'varchar', length: 64, unique: true },
    displayName: { name: 'display_name', type: 'varchar', length: 120 },
    role: { type: 'varchar', length: 16 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    disabled: { type: 'boolean', default: false },
    failedAttempts: { name: 'failed_attempts', type: 'integer', default: 0 },
    lockedUntil: { name: 'locked_until', type: 'varchar', length: 32, nullable: true },
    lastSignInAt: { name: 'last_sign_in_at', type: 'varchar', length: 32, nullable: true },
    enabledAt: { name: 'enabled_at', type: 'varchar', length: 32, nullable: true },
    passwordChangedAt: { name: 'password_changed_at', type: 'varchar', length: 32, nullable: true },
    previousHashes: { name: 'previous_hashes', type: 'simple-json' },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
})
