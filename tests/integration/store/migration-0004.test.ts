import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const RETENTION_ONLY = 'audit_event rows are kept 10 years and removed oldest first by the retention job only'
const YEAR_10 = (() => {
  const d = new Date()
  d.setUTCFullYear(d.getUTCFullYear() - 10)
  return d.getTime()
})()
const DAY = 24 * 3600_000
/** Audit rows around the 10-year line, oldest first. */
const ROWS: [number, string][] = [
  [1, '2010-01-01T00:00:00.000Z'],
  [2, new Date(YEAR_10 - DAY).toISOString()], // 10 years and a day old
  [3, new Date(YEAR_10 + DAY).toISOString()], // a day short of 10 years
  [4, new Date().toISOString()],
]

const insertAudit = (ds: DataSource, seq: number, at: string, p: (i: number) => string = () => '?') =>
  ds.query(
    `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash)
     VALUES (${p(1)}, ${p(2)}, NULL, 'ws', NULL, 'staff.create', 'success', '{}', ${p(3)}, ${p(4)})`,
    [seq, at, `h${seq - 1}`, `h${seq}`],
  )

const seqs = async (ds: DataSource) => ((await ds.query('SELECT seq FROM audit_event ORDER BY seq')) as { seq: number }[]).map((r) => Number(r.seq))

describe('migration 0004 (audit retention: audit_anchor, delete only by the retention job)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  /** A store migrated to exactly version 3 (append-only audit log), holding ROWS. */
  async function v3Store(name: string): Promise<string> {
    const path = join(dir.path, name)
    const v3 = await storeAtVersion({ path }, migrations.slice(0, 3))
    for (const [seq, at] of ROWS) await insertAudit(v3, seq, at)
    // Version 3 refuses every DELETE, even of a row older than 10 years.
    await expect(v3.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/audit_event is append-only/)
    await v3.query('PRAGMA user_version = 3')
    await v3.destroy()
    return path
  }

  it('upgrades a version-3 store in place: the audit rows stay, audit_anchor is added, the delete trigger is replaced', async () => {
    ds = await openStore({ path: await v3Store('up.sqlite') })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name)).toContain('AuditRetention1764000000004')
    expect(await seqs(ds)).toEqual([1, 2, 3, 4])
    const triggers = (await ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event' ORDER BY name`)) as { name: string }[]
    expect(triggers.map((r) => r.name)).toEqual(['audit_event_no_update', 'audit_event_retention_only'])
    const columns = (await ds.query(`PRAGMA table_info(audit_anchor)`)) as { name: string; type: string; notnull: number; pk: number }[]
    expect(columns.map((c) => [c.name, c.type.toLowerCase(), c.notnull, c.pk])).toEqual([
      ['id', 'integer', 1, 1],
      ['last_seq', 'integer', 1, 0],
      ['last_hash', 'varchar(64)', 1, 0],
      ['purged_at', 'varchar(32)', 1, 0],
      ['archive', 'varchar(255)', 1, 0],
      ['archive_sha256', 'varchar(64)', 1, 0],
    ])
    expect(await ds.query('SELECT COUNT(*) AS n FROM audit_anchor')).toEqual([{ n: 0 }])
  })

  it('refuses DELETE unless the row is more than 10 years old and the oldest; UPDATE stays refused', async () => {
    ds = await openStore({ path: await v3Store('delete.sqlite') })
    // Old enough but not the oldest; the oldest a day short of 10 years; the newest; all at once.
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 2`)).rejects.toThrow(RETENTION_ONLY)
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 4`)).rejects.toThrow(RETENTION_ONLY)
    await expect(ds.query(`DELETE FROM audit_event`)).rejects.toThrow(RETENTION_ONLY)
    expect(await seqs(ds)).toEqual([1, 2, 3, 4])
    // The retention job: oldest first, while older than 10 years.
    await ds.query(`DELETE FROM audit_event WHERE seq = 1`)
    await ds.query(`DELETE FROM audit_event WHERE seq = 2`)
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 3`)).rejects.toThrow(RETENTION_ONLY)
    expect(await seqs(ds)).toEqual([3, 4])
    await expect(ds.query(`UPDATE audit_event SET action = 'x' WHERE seq = 3`)).rejects.toThrow('audit_event is append-only')
    await expect(ds.query(`UPDATE audit_event SET at = '2000-01-01T00:00:00.000Z' WHERE seq = 3`)).rejects.toThrow('audit_event is append-only')
    expect(await ds.query('SELECT action, at FROM audit_event WHERE seq = 3')).toEqual([{ action: 'staff.create', at: ROWS[2]![1] }])
  })

  it('keeps one anchor row (id 1), fully filled, that the retention job may move forward', async () => {
    ds = await openStore({ path: join(dir.path, 'anchor.sqlite') })
    await ds.query(`INSERT INTO audit_anchor VALUES (1, 5, 'h5', 't', 'a.csv', 'x')`)
    await expect(ds.query(`INSERT INTO audit_anchor VALUES (2, 5, 'h5', 't', 'a.csv', 'x')`)).rejects.toThrow('CHECK constraint failed: id = 1')
    await expect(ds.query(`INSERT INTO audit_anchor VALUES (1, 6, 'h6', 't', 'b.csv', 'y')`)).rejects.toThrow('UNIQUE constraint failed: audit_anchor.id')
    await expect(ds.query(`UPDATE audit_anchor SET last_hash = NULL`)).rejects.toThrow('NOT NULL constraint failed: audit_anchor.last_hash')
    await expect(ds.query(`UPDATE audit_anchor SET archive_sha256 = NULL`)).rejects.toThrow('NOT NULL constraint failed: audit_anchor.archive_sha256')
    // The upsert the retention job runs.
    await ds.query(
      `INSERT INTO audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256) VALUES (1, 9, 'h9', 't2', 'b.csv', 'y')
       ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, purged_at = excluded.purged_at,
       archive = excluded.archive, archive_sha256 = excluded.archive_sha256`,
    )
    expect(await ds.query('SELECT * FROM audit_anchor')).toEqual([
      { id: 1, last_seq: 9, last_hash: 'h9', purged_at: 't2', archive: 'b.csv', archive_sha256: 'y' },
    ])
  })
})

/** The same migration on PostgreSQL (branch mode): its own plpgsql trigger. Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0004 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a version-3 database: rows kept, anchor added, DELETE only oldest-first past 10 years, UPDATE refused', async () => {
    db = await throwawayDatabase('teller_m0004')
    const v3 = await storeAtVersion({ url: db.url }, migrations.slice(0, 3))
    for (const [seq, at] of ROWS) await insertAudit(v3, seq, at, (i) => `$${i}`)
    await expect(v3.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow('audit_event is append-only')
    await v3.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as unknown[]).length).toBe(SCHEMA_VERSION)
    expect(await seqs(ds)).toEqual([1, 2, 3, 4])
    const triggers = (await ds.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal ORDER BY tgname`,
    )) as { tgname: string }[]
    expect(triggers.map((r) => r.tgname)).toEqual(['audit_event_no_update', 'audit_event_retention_only'])
    const columns = (await ds.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'audit_anchor' ORDER BY ordinal_position`,
    )) as { column_name: string; data_type: string; is_nullable: string }[]
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['id', 'integer', 'NO'],
      ['last_seq', 'integer', 'NO'],
      ['last_hash', 'character varying', 'NO'],
      ['purged_at', 'character varying', 'NO'],
      ['archive', 'character varying', 'NO'],
      ['archive_sha256', 'character varying', 'NO'],
    ])
    await expect(ds.query(`INSERT INTO audit_anchor VALUES (2, 5, 'h5', 't', 'a.csv', 'x')`)).rejects.toThrow('violates check constraint "audit_anchor_id_check"')

    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 2`)).rejects.toThrow(RETENTION_ONLY)
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 4`)).rejects.toThrow(RETENTION_ONLY)
    await expect(ds.query(`DELETE FROM audit_event`)).rejects.toThrow(RETENTION_ONLY)
    await ds.query(`DELETE FROM audit_event WHERE seq = 1`)
    await ds.query(`DELETE FROM audit_event WHERE seq = 2`)
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 3`)).rejects.toThrow(RETENTION_ONLY)
    expect(await seqs(ds)).toEqual([3, 4])
    await expect(ds.query(`UPDATE audit_event SET action = 'x' WHERE seq = 3`)).rejects.toThrow('audit_event is append-only')
  })
})
