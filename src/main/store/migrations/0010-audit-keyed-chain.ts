import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

const START = (now: string) => `INSERT INTO audit_chain_format (from_seq, format, recorded_at)
  SELECT COALESCE(MAX(seq), (SELECT last_seq FROM audit_anchor WHERE id = 1), 0) + 1, 'hmac-sha256', ${now} FROM audit_event`

/**
 * Version 10 (issue 14): the audit chain is keyed. Each new event's link is HMAC-SHA-256 under a
 * versioned audit-chain key of the key ring, and records that version (`key_version`; NULL for the
 * plain SHA-256 links of the events recorded before this migration). `audit_chain_format` records
 * where each link format starts: this migration adds the row where the keyed part starts (the next
 * seq), so older events still verify as the plain chain they are. A later change of what a link
 * covers (issue 15: the customer as a keyed pseudonym) adds its own row from its own seq. The rows
 * are append-only, like the events.
 */
export class AuditKeyedChain1764000000010 implements MigrationInterface {
  name = 'AuditKeyedChain1764000000010'

  async up(q: QueryRunner): Promise<void> {
    const table = `CREATE TABLE audit_chain_format (
      from_seq integer PRIMARY KEY NOT NULL CHECK (from_seq > 0),
      format varchar(32) NOT NULL,
      recorded_at varchar(32) NOT NULL
    )`
    const column = `ALTER TABLE audit_event ADD COLUMN key_version integer CHECK (key_version IS NULL OR key_version > 0)`
    if (onPostgres(q)) {
      await q.query(table)
      await q.query(column)
      await q.query(START(`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`))
      await q.query(`CREATE FUNCTION audit_chain_format_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_chain_format is append-only'; END $$`)
      await q.query(`CREATE TRIGGER audit_chain_format_no_update BEFORE UPDATE ON audit_chain_format FOR EACH ROW EXECUTE FUNCTION audit_chain_format_append_only()`)
      await q.query(`CREATE TRIGGER audit_chain_format_no_delete BEFORE DELETE ON audit_chain_format FOR EACH ROW EXECUTE FUNCTION audit_chain_format_append_only()`)
      return
    }
    await q.query(table)
    await q.query(column)
    await q.query(START(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`))
    await q.query(`CREATE TRIGGER audit_chain_format_no_update BEFORE UPDATE ON audit_chain_format
      BEGIN SELECT RAISE(ABORT, 'audit_chain_format is append-only'); END`)
    await q.query(`CREATE TRIGGER audit_chain_format_no_delete BEFORE DELETE ON audit_chain_format
      BEGIN SELECT RAISE(ABORT, 'audit_chain_format is append-only'); END`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
