import { EntitySchema } from 'typeorm'

/** `staff_totp` and `staff_recovery_code` (migration 0014): used by SqlStaffTotpRepo's conditional UPDATEs. */
export const StaffTotpEntity = new EntitySchema<{ staffId: string; secretSealed: string; lastStep: number | null; enrolledAt: string }>({
  name: 'StaffTotp',
  tableName: 'staff_totp',
  columns: {
    staffId: { name: 'staff_id', type: 'varchar', length: 36, primary: true },
    secretSealed: { name: 'secret_sealed', type: 'text' },
    lastStep: { name: 'last_step', type: 'integer', nullable: true },
    enrolledAt: { name: 'enrolled_at', type: 'varchar', length: 32 },
  },
})

export const StaffRecoveryCodeEntity = new EntitySchema<{ staffId: string; codeHash: string; usedAt: string | null }>({
  name: 'StaffRecoveryCode',
  tableName: 'staff_recovery_code',
  columns: {
    staffId: { name: 'staff_id', type: 'varchar', length: 36, primary: true },
    codeHash: { name: 'code_hash', type: 'varchar', length: 64, primary: true },
    usedAt: { name: 'used_at', type: 'varchar', length: 32, nullable: true },
  },
})
