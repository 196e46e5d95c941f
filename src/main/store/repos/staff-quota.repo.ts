import type { EntityManager } from 'typeorm'
import type { StaffQuotaKind, StaffQuotaRepo } from '../../engine/staff/staff-quota.repo'
import { sql } from '../dialect'

export class SqlStaffQuotaRepo implements StaffQuotaRepo {
  constructor(private readonly m: EntityManager) {}

  async usesSince(staffId: string, kind: StaffQuotaKind, instant: string): Promise<string[]> {
    const rows = (await sql(this.m, `SELECT at FROM staff_quota_use WHERE staff_id = ? AND kind = ? AND at > ? ORDER BY at`, [staffId, kind, instant])) as { at: string }[]
    return rows.map((r) => r.at)
  }

  async add(use: { id: string; staffId: string; kind: StaffQuotaKind; at: string }): Promise<void> {
    await sql(this.m, `INSERT INTO staff_quota_use (id, staff_id, kind, at) VALUES (?, ?, ?, ?)`, [use.id, use.staffId, use.kind, use.at])
  }

  async purgeBefore(instant: string): Promise<void> {
    await sql(this.m, `DELETE FROM staff_quota_use WHERE at < ?`, [instant])
  }
}
