import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Version 9 (issue 12): each use of a per-staff allowance (customer lookups, session-key SMS), so
 * the limits are exact across workstations: only the staff member, what and when, never the phone.
 * The same SQL for SQLite and PostgreSQL.
 */
export class StaffQuota1764000000009 implements MigrationInterface {
  name = 'StaffQuota1764000000009'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_quota_use (
      id varchar(36) PRIMARY KEY NOT NULL,
      staff_id varchar(36) NOT NULL,
      kind varchar(16) NOT NULL CHECK (kind IN ('lookup','sms')),
      at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE INDEX idx_staff_quota_use ON staff_quota_use (staff_id, kind, at)`)
    await q.query(`CREATE INDEX idx_staff_quota_use_at ON staff_quota_use (at)`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
