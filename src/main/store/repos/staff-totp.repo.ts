import type { EntityManager } from 'typeorm'
import type { StaffTotpRepo, StaffTotpRow } from '../../engine/staff/staff-totp.repo'
import { sql } from '../dialect'
import { StaffRecoveryCodeEntity, StaffTotpEntity } from '../entities/staff-totp.entity'

type Row = { staff_id: string; secret_sealed: string; last_step: number | string | null; enrolled_at: string }

export class SqlStaffTotpRepo implements StaffTotpRepo {
  constructor(private readonly m: EntityManager) {}

  async find(staffId: string): Promise<StaffTotpRow | null> {
    const [r] = (await sql(this.m, `SELECT staff_id, secret_sealed, last_step, enrolled_at FROM staff_totp WHERE staff_id = ?`, [staffId])) as Row[]
    if (!r) return null
    return { staffId: r.staff_id, secretSealed: r.secret_sealed, lastStep: r.last_step === null ? null : Number(r.last_step), enrolledAt: r.enrolled_at }
  }

  async enrol(row: StaffTotpRow, recoveryHashes: string[]): Promise<boolean> {
    if (await this.find(row.staffId)) return false
    await sql(this.m, `INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES (?, ?, ?, ?)`, [row.staffId, row.secretSealed, row.lastStep, row.enrolledAt])
    await sql(this.m, `DELETE FROM staff_recovery_code WHERE staff_id = ?`, [row.staffId])
    for (const h of recoveryHashes) await sql(this.m, `INSERT INTO staff_recovery_code (staff_id, code_hash, used_at) VALUES (?, ?, NULL)`, [row.staffId, h])
    return true
  }

  async consumeStep(staffId: string, step: number): Promise<boolean> {
    const r = await this.m
      .createQueryBuilder()
      .update(StaffTotpEntity)
      .set({ lastStep: step })
      .where('staff_id = :staffId AND (last_step IS NULL OR last_step < :step)', { staffId, step })
      .execute()
    return (r.affected ?? 0) === 1
  }

  async useRecoveryCode(staffId: string, codeHash: string, at: string): Promise<boolean> {
    const r = await this.m
      .createQueryBuilder()
      .update(StaffRecoveryCodeEntity)
      .set({ usedAt: at })
      .where('staff_id = :staffId AND code_hash = :codeHash AND used_at IS NULL', { staffId, codeHash })
      .execute()
    return (r.affected ?? 0) === 1
  }

  async unusedRecoveryCodes(staffId: string): Promise<number> {
    const [r] = (await sql(this.m, `SELECT count(*) AS n FROM staff_recovery_code WHERE staff_id = ? AND used_at IS NULL`, [staffId])) as { n: number | string }[]
    return Number(r?.n ?? 0)
  }

  async remove(staffId: string): Promise<boolean> {
    const had = (await this.find(staffId)) !== null
    await sql(this.m, `DELETE FROM staff_recovery_code WHERE staff_id = ?`, [staffId])
    await sql(this.m, `DELETE FROM staff_totp WHERE staff_id = ?`, [staffId])
    return had
  }
}
