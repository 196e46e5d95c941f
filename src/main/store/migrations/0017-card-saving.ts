import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Issue 12 (S14-S16, S12): a card is saved, and counted toward the 3 cards a month, only once the
 * host approved a payment with it.
 * - `card.status`: 'pending' while its first payment waits for the host (PAN sealed, not listed),
 *   'saved' once approved, 'dropped' when declined, never received or purged after months unused:
 *   the sealed PAN is then overwritten with `k0:v1.none` (no key 0 exists: nothing can be opened)
 *   and the keyed fingerprint with `dropped:<id>`; only the masked number stays, for the history.
 * - `card_month_use.pending_payment`: a place in the month held for a payment the host has not
 *   answered yet (NULL: counted); released if the payment is declined or never received.
 * - `customer.sms_locale`: the language of the customer's SMS (kk/ru/en; NULL: the default).
 * Every existing card was saved after an approval or a decline under the old rule: it stays 'saved'.
 * The same SQL for SQLite and PostgreSQL.
 */
export class CardSaving1764000000017 implements MigrationInterface {
  name = 'CardSaving1764000000017'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE card ADD COLUMN status varchar(8) NOT NULL DEFAULT 'saved' CHECK (status IN ('saved','pending','dropped'))`)
    await q.query(`ALTER TABLE card_month_use ADD COLUMN pending_payment varchar(36)`)
    await q.query(`ALTER TABLE customer ADD COLUMN sms_locale varchar(2) CHECK (sms_locale IS NULL OR sms_locale IN ('kk','ru','en'))`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
