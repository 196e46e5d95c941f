import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/**
 * Version 13 (issue 15): no customer data in clear at rest outside the audit trail. Payment
 * parameters, refund and block reasons and fraud notes are sealed in their own columns (on
 * PostgreSQL widened to text, as a sealed value is longer than the clear one); the session-key phone
 * becomes its keyed index (`phone_index`); a payment's payee gets a keyed index for searches. The
 * keys are the engine's: existing clear rows are sealed and indexed by the engine at its next start
 * (`AtRestSealer`, a batch per transaction, resumable), which then compacts the store (VACUUM).
 */
export class SealedFields1764000000013 implements MigrationInterface {
  name = 'SealedFields1764000000013'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_key RENAME COLUMN phone TO phone_index`)
    await q.query(`ALTER TABLE payment ADD COLUMN payee_index varchar(64)`)
    await q.query(`CREATE INDEX idx_payment_payee ON payment (payee_index, created_at)`)
    if (onPostgres(q)) {
      await q.query(`ALTER TABLE session_key ALTER COLUMN phone_index TYPE varchar(64)`)
      await q.query(`ALTER TABLE payment ALTER COLUMN refund_reason TYPE text`)
      await q.query(`ALTER TABLE customer ALTER COLUMN block_reason TYPE text`)
      await q.query(`ALTER TABLE fraud_note ALTER COLUMN text TYPE text`)
    }
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
