import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres, PG_TEN_YEARS_AGO } from './pg'

/**
 * Version 4: audit retention (S21). Rows may be deleted only by the retention job: the oldest row
 * first, and only when it is more than 10 years old by the database's own clock. The anchor keeps
 * the seq and hash of the last purged row, so the remaining chain still verifies from there.
 */
export class AuditRetention1764000000004 implements MigrationInterface {
  name = 'AuditRetention1764000000004'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`CREATE TABLE audit_anchor (
        id integer PRIMARY KEY NOT NULL CHECK (id = 1),
        last_seq integer NOT NULL,
        last_hash varchar(64) NOT NULL,
        purged_at varchar(32) NOT NULL,
        archive varchar(255) NOT NULL,
        archive_sha256 varchar(64) NOT NULL
      )`)
      await q.query(`DROP TRIGGER audit_event_no_delete ON audit_event`)
      await q.query(`CREATE FUNCTION audit_event_retention_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.at >= ${PG_TEN_YEARS_AGO} OR OLD.seq > (SELECT MIN(seq) FROM audit_event) THEN
            RAISE EXCEPTION 'audit_event rows are kept 10 years and removed oldest first by the retention job only';
          END IF;
          RETURN OLD;
        END $$`)
      await q.query(`CREATE TRIGGER audit_event_retention_only BEFORE DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_retention_only()`)
      return
    }
    await q.query(`CREATE TABLE audit_anchor (
      id integer PRIMARY KEY NOT NULL CHECK (id = 1),
      last_seq integer NOT NULL,
      last_hash varchar(64) NOT NULL,
      purged_at varchar(32) NOT NULL,
      archive varchar(255) NOT NULL,
      archive_sha256 varchar(64) NOT NULL
    )`)
    await q.query(`DROP TRIGGER audit_event_no_delete`)
    await q.query(`CREATE TRIGGER audit_event_retention_only BEFORE DELETE ON audit_event
      WHEN OLD.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 years')
        OR OLD.seq > (SELECT MIN(seq) FROM audit_event)
      BEGIN SELECT RAISE(ABORT, 'audit_event rows are kept 10 years and removed oldest first by the retention job only'); END`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
