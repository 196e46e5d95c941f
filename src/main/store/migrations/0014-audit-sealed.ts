import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/** The link format of events that name the customer by a keyed pseudonym and hold personal data sealed. */
export const SEALED_FORMAT = 'hmac-sha256-sealed'

const START = (now: string) => `INSERT INTO audit_chain_format (from_seq, format, recorded_at)
  SELECT COALESCE(MAX(seq), (SELECT last_seq FROM audit_anchor WHERE id = 1), 0) + 1, '${SEALED_FORMAT}', ${now} FROM audit_event`

/** The one update the table allows: an event recorded before this migration, sealed once in place by the engine. */
const RESEAL_ONLY = (same: (column: string) => string) => `OLD.reseal_mac IS NULL AND NEW.reseal_mac IS NOT NULL
  AND OLD.seq < COALESCE((SELECT from_seq FROM audit_chain_format WHERE format = '${SEALED_FORMAT}'), 0)
  AND (NEW.customer_ref IS NULL OR NEW.customer_ref LIKE 'b%:%')
  AND ${['seq', 'at', 'actor_staff_id', 'workstation', 'action', 'outcome', 'prev_hash', 'hash', 'key_version'].map(same).join(' AND ')}`

/**
 * Version 14 (issue 15): no customer data in clear in the audit trail. `customer_ref` becomes a
 * keyed pseudonym (HMAC under the blind-index key, `b<version>:<hex>`), `customer_sealed` holds the
 * phone sealed by the key ring (AAD names the table, column and seq), and free text in `details` is
 * sealed the same way. New events are linked over these stored values from the seq this migration
 * records in `audit_chain_format`. Events recorded before keep their links; the engine (which holds
 * the keys) seals them in place once, resumably, each with `reseal_mac`: an HMAC under the chain
 * key over the sealed row and its unchanged link, made after the clear row's link was checked.
 * That one update is the only one the table allows. `audit_chain_format` now has a row per format,
 * so its key is (from_seq, format).
 */
export class AuditSealed1764000000014 implements MigrationInterface {
  name = 'AuditSealed1764000000014'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`ALTER TABLE audit_event ALTER COLUMN customer_ref TYPE varchar(80),
        ADD COLUMN customer_sealed text CHECK (customer_sealed IS NULL OR customer_sealed ~ '^k[0-9]+:v1\\.'),
        ADD COLUMN reseal_mac varchar(80)`)
      await q.query(`ALTER TABLE audit_chain_format DROP CONSTRAINT audit_chain_format_pkey, ADD PRIMARY KEY (from_seq, format)`)
      await q.query(START(`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`))
      await q.query(`CREATE FUNCTION audit_event_reseal_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF ${RESEAL_ONLY((c) => `NEW.${c} IS NOT DISTINCT FROM OLD.${c}`)} THEN RETURN NEW; END IF;
          RAISE EXCEPTION 'audit_event is append-only';
        END $$`)
      await q.query(`DROP TRIGGER audit_event_no_update ON audit_event`)
      await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_reseal_only()`)
      return
    }
    await q.query(`ALTER TABLE audit_event ADD COLUMN customer_sealed text CHECK (customer_sealed IS NULL OR customer_sealed GLOB 'k[0-9]*:v1.*')`)
    await q.query(`ALTER TABLE audit_event ADD COLUMN reseal_mac varchar(80)`)
    // SQLite cannot change a primary key: the table is rebuilt (its append-only triggers with it).
    await q.query(`CREATE TABLE audit_chain_format_new (
      from_seq integer NOT NULL CHECK (from_seq > 0),
      format varchar(32) NOT NULL,
      recorded_at varchar(32) NOT NULL,
      PRIMARY KEY (from_seq, format)
    )`)
    await q.query(`INSERT INTO audit_chain_format_new (from_seq, format, recorded_at) SELECT from_seq, format, recorded_at FROM audit_chain_format`)
    await q.query(`DROP TABLE audit_chain_format`)
    await q.query(`ALTER TABLE audit_chain_format_new RENAME TO audit_chain_format`)
    await q.query(`CREATE TRIGGER audit_chain_format_no_update BEFORE UPDATE ON audit_chain_format
      BEGIN SELECT RAISE(ABORT, 'audit_chain_format is append-only'); END`)
    await q.query(`CREATE TRIGGER audit_chain_format_no_delete BEFORE DELETE ON audit_chain_format
      BEGIN SELECT RAISE(ABORT, 'audit_chain_format is append-only'); END`)
    await q.query(START(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`))
    await q.query(`DROP TRIGGER audit_event_no_update`)
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
      WHEN NOT (${RESEAL_ONLY((c) => `NEW.${c} IS OLD.${c}`)})
      BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
