import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/** The seq the next event takes: after the newest event, or after the last one purged by retention. */
const NEXT_SEQ = `COALESCE((SELECT MAX(seq) FROM audit_event), (SELECT last_seq FROM audit_anchor WHERE id = 1), 0) + 1`

/**
 * Issue 14 (scale): in branch mode each workstation appends to its own audit chain, under its own
 * lock, so N workstations on one PostgreSQL do not wait for one global lock. An event of a
 * workstation chain records its place in that chain (`chain_seq`, 1, 2, ...; unique per
 * workstation) and links onto the previous event of the same workstation; its seq comes from the
 * sequence `audit_event_seq` (unique, in append order, not contiguous within one chain). The
 * signed checkpoints cover every chain's size and head, which ties the chains together.
 *
 * `audit_chain_format` records where the workstation chains start (format `per-workstation`, the
 * next seq): the events before it stay the single chain they are and verify as before. A local
 * SQLite store has one writer and keeps its single chain: it only gets the (always empty) column.
 */
export class AuditWorkstationChains1764000000018 implements MigrationInterface {
  name = 'AuditWorkstationChains1764000000018'

  async up(q: QueryRunner): Promise<void> {
    const column = `ALTER TABLE audit_event ADD COLUMN chain_seq integer CHECK (chain_seq IS NULL OR chain_seq > 0)`
    const index = `CREATE UNIQUE INDEX idx_audit_event_chain ON audit_event (workstation, chain_seq) WHERE chain_seq IS NOT NULL`
    await q.query(column)
    await q.query(index)
    if (!onPostgres(q)) return
    await q.query(`CREATE SEQUENCE audit_event_seq AS integer`)
    await q.query(`SELECT setval('audit_event_seq', ${NEXT_SEQ}, false)`)
    await q.query(`INSERT INTO audit_chain_format (from_seq, format, recorded_at)
      SELECT ${NEXT_SEQ}, 'per-workstation', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}
