import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { AuditRetentionBranch1764000000019, RETENTION_PURGE_FUNCTION } from '../../../src/main/store/migrations/0019-audit-retention-branch'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const BEFORE = migrations.slice(0, migrations.indexOf(AuditRetentionBranch1764000000019))
const YEAR = 365.25 * 86_400_000
const SHA = 'ab'.repeat(32)

describe('migration 0019 (per-chain retention anchors; the server-side retention purge in branch mode)', () => {
  const dir = tempDir()
  let open: DataSource[] = []
  let drops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const ds of open) await ds.destroy()
    for (const drop of drops) await drop()
    open = []
    drops = []
  })
  afterAll(() => dir.cleanup())

  it('is the migration of this number', () => {
    expect(migrations.map((m) => m.name)).toContain('AuditRetentionBranch1764000000019')
  })

  it('SQLite: a version-18 store gets the (empty) chain anchor table and no function; its events are kept', async () => {
    const path = join(dir.path, 'v18.sqlite')
    const old = await storeAtVersion({ path }, BEFORE)
    await old.query(`PRAGMA user_version = ${BEFORE.length}`)
    await old.query(`INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash) VALUES (1, '2026-01-01T00:00:00.000Z', NULL, 'ws', NULL, 'a', 'success', '{}', ?, ?)`, ['0'.repeat(64), 'a'.repeat(64)])
    await old.destroy()
    const ds = await openStore({ path })
    open.push(ds)
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const columns = (await ds.query('PRAGMA table_info(audit_chain_anchor)')) as { name: string; notnull: number; pk: number }[]
    expect(columns.map((c) => [c.name, c.notnull, c.pk])).toEqual([['workstation', 1, 1], ['last_chain_seq', 1, 0], ['last_seq', 1, 0], ['last_hash', 1, 0], ['purged_at', 1, 0]])
    expect(await ds.query('SELECT * FROM audit_chain_anchor')).toEqual([])
    expect(await ds.query('SELECT seq FROM audit_event')).toEqual([{ seq: 1 }])
  })

  describe.skipIf(!adminPgUrl)('PostgreSQL', () => {
    /** A version-18 branch database with two workstation chains: `old` events 11 years old on each, then `young` recent ones. */
    async function branchAt18(old: number, young: number): Promise<{ ds: DataSource; rows: { seq: number; ws: string; chainSeq: number; hash: string; at: string }[] }> {
      const db = await throwawayDatabase('teller_m0019')
      drops.push(db.drop)
      const v18 = await storeAtVersion({ url: db.url }, BEFORE)
      const rows: { seq: number; ws: string; chainSeq: number; hash: string; at: string }[] = []
      const place = new Map<string, number>()
      for (let i = 0; i < old + young; i++) {
        const ws = i % 2 ? 'ws-b' : 'ws-a'
        const chainSeq = (place.get(ws) ?? 0) + 1
        place.set(ws, chainSeq)
        const at = new Date(Date.now() - (i < old ? 11 * YEAR : 0) + i * 1000).toISOString()
        const row = { seq: i + 1, ws, chainSeq, hash: (i + 1).toString(16).padStart(64, '0'), at }
        await v18.query(
          `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, chain_seq) VALUES ($1, $2, NULL, $3, NULL, 'customer.lookup', 'success', '{}', $4, $5, 1, $6)`,
          [row.seq, at, ws, '0'.repeat(64), row.hash, chainSeq],
        )
        rows.push(row)
      }
      await v18.destroy()
      const ds = await openBranchStore({ url: db.url })
      open.push(ds)
      return { ds, rows }
    }
    const purge = (ds: DataSource, seq: number, hash: string, count: number, sha = SHA) => ds.query(`SELECT audit_retention_purge($1, $2, $3, 'audit-archive-1-x.sealed', $4) AS n`, [seq, hash, count, sha]) as Promise<{ n: number }[]>

    it('creates the anchor table and a SECURITY DEFINER purge with a fixed search_path, which PUBLIC may not call', async () => {
      const { ds } = await branchAt18(0, 1)
      expect(await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_chain_anchor' ORDER BY ordinal_position`)).toEqual(
        ['workstation', 'last_chain_seq', 'last_seq', 'last_hash', 'purged_at'].map((column_name) => ({ column_name })),
      )
      expect(await ds.query(`SELECT prosecdef, proconfig FROM pg_proc WHERE proname = 'audit_retention_purge'`)).toEqual([{ prosecdef: true, proconfig: ['search_path=pg_catalog, pg_temp'] }])
      expect(await ds.query(`SELECT has_function_privilege('public', '${RETENTION_PURGE_FUNCTION}', 'EXECUTE') AS x`)).toEqual([{ x: false }])
    })

    it('removes the events up to the archived one when all are older than 10 years by the server\'s clock, and anchors every chain at its last removed event', async () => {
      const { ds, rows } = await branchAt18(5, 3)
      const last = rows[4]!
      expect(await purge(ds, last.seq, last.hash, 5)).toEqual([{ n: 5 }])
      expect(await ds.query('SELECT seq FROM audit_event ORDER BY seq')).toEqual([{ seq: 6 }, { seq: 7 }, { seq: 8 }])
      expect(await ds.query('SELECT workstation, last_chain_seq, last_seq, last_hash FROM audit_chain_anchor ORDER BY workstation')).toEqual([
        { workstation: 'ws-a', last_chain_seq: 3, last_seq: 5, last_hash: rows[4]!.hash },
        { workstation: 'ws-b', last_chain_seq: 2, last_seq: 4, last_hash: rows[3]!.hash },
      ])
      expect(await ds.query('SELECT last_seq, last_hash, archive, archive_sha256 FROM audit_anchor')).toEqual([{ last_seq: 5, last_hash: last.hash, archive: 'audit-archive-1-x.sealed', archive_sha256: SHA }])
    })

    it('review F2: an event slipped in below what was removed (a purged seq, an old time) cannot move the anchors back; seq must be positive', async () => {
      const { ds, rows } = await branchAt18(5, 3)
      const last = rows[4]!
      await purge(ds, last.seq, last.hash, 5)
      await expect(ds.query(`INSERT INTO audit_event (seq, at, workstation, action, outcome, details, prev_hash, hash, key_version) VALUES (-7, '2000-01-01T00:00:00.000Z', 'x', 'a', 'success', '{}', 'p', 'h', 1)`)).rejects.toThrow(/audit_event_seq_positive/)
      const fake = 'e'.repeat(64)
      await ds.query(`INSERT INTO audit_event (seq, at, workstation, action, outcome, details, prev_hash, hash, key_version, chain_seq) VALUES (3, '2000-01-01T00:00:00.000Z', 'ws-a', 'a', 'success', '{}', 'p', $1, 1, 1)`, [fake])
      await expect(purge(ds, 3, fake, 1)).rejects.toThrow(/removed before/)
      expect(await ds.query('SELECT last_seq, last_hash FROM audit_anchor')).toEqual([{ last_seq: 5, last_hash: last.hash }])
    })

    it.each([
      ['a recent event', 6, (r: { hash: string }[]) => r[5]!.hash, 6, SHA, /not all older than 10 years/],
      ['a link that is not the event\'s', 5, () => 'f'.repeat(64), 5, SHA, /does not end at that event/],
      ['an event that does not exist', 99, () => 'f'.repeat(64), 5, SHA, /does not end at that event/],
      ['fewer events than removed (an archive short of some)', 5, (r: { hash: string }[]) => r[4]!.hash, 4, SHA, /does not hold every event/],
      ['an archive without its SHA-256', 5, (r: { hash: string }[]) => r[4]!.hash, 5, 'not-a-digest', /named by its file and SHA-256/],
    ])('refuses %s, and nothing changes', async (_what, seq, hash, count, sha, message) => {
      const { ds, rows } = await branchAt18(5, 3)
      await expect(purge(ds, seq, hash(rows), count, sha)).rejects.toThrow(message)
      expect(await ds.query('SELECT COUNT(*)::int AS n FROM audit_event')).toEqual([{ n: 8 }])
      expect(await ds.query('SELECT COUNT(*)::int AS n FROM audit_chain_anchor')).toEqual([{ n: 0 }])
      expect(await ds.query('SELECT COUNT(*)::int AS n FROM audit_anchor')).toEqual([{ n: 0 }])
    })
  })
})
