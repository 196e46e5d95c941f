import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Issue 13, PCI DSS v4 8.4.2 (second factor for every staff account): each account's TOTP secret,
 * sealed with the key ring (`k<version>:<envelope>`, never in clear), the last accepted time step
 * (a used step is never accepted again), and one-time recovery codes kept as SHA-256 hashes only.
 * An account without a `staff_totp` row has a pending enrolment (existing accounts enrol at their
 * next sign-in). The same SQL for SQLite and PostgreSQL.
 */
export class StaffTotp1764000000016 implements MigrationInterface {
  name = 'StaffTotp1764000000016'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_totp (
      staff_id varchar(36) PRIMARY KEY NOT NULL REFERENCES staff (id),
      secret_sealed text NOT NULL CHECK (secret_sealed LIKE 'k%:%'),
      last_step integer CHECK (last_step IS NULL OR last_step >= 0),
      enrolled_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE TABLE staff_recovery_code (
      staff_id varchar(36) NOT NULL REFERENCES staff (id),
      code_hash varchar(64) NOT NULL CHECK (length(code_hash) = 64),
      used_at varchar(32),
      PRIMARY KEY (staff_id, code_hash)
    )`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
