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
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
})
