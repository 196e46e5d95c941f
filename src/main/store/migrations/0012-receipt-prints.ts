import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Issue 16: how many receipts were printed for each payment, so every print after the first is
 * marked as a duplicate (ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE). Same SQL on SQLite and PostgreSQL.
 */
export class ReceiptPrints1764000000012 implements MigrationInterface {
  name = 'ReceiptPrints1764000000012'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN receipt_prints integer NOT NULL DEFAULT 0`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
