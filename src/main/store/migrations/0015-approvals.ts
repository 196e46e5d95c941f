import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Four-eyes approval (issue 13): a supervisor's request waits here for a different supervisor.
 * The parameters and both reasons are sealed with the key ring (AAD: table, column, row id).
 * Same SQL on SQLite and PostgreSQL.
 */
export class Approvals1764000000015 implements MigrationInterface {
  name = 'Approvals1764000000015'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE approval_request (
      id varchar(36) PRIMARY KEY NOT NULL,
      kind varchar(48) NOT NULL,
      params_sealed text NOT NULL,
      maker_id varchar(36) NOT NULL,
      maker_workstation varchar(160) NOT NULL,
      maker_reason_sealed text NOT NULL,
      created_at varchar(32) NOT NULL,
      expires_at varchar(32) NOT NULL,
      status varchar(16) NOT NULL CHECK (status IN ('pending','approved','rejected','expired','executed','failed')),
      checker_id varchar(36),
      checker_workstation varchar(160),
      checker_reason_sealed text,
      decided_at varchar(32),
      executed_at varchar(32),
      failure varchar(64),
      CHECK (checker_id IS NULL OR checker_id <> maker_id)
    )`)
    await q.query(`CREATE INDEX idx_approval_request_status ON approval_request (status, expires_at)`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
