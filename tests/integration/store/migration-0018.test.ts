import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { buildEvent, GENESIS_HASH, type AuditInput } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditEventRow, ChainLink } from '../../../src/main/engine/audit/audit.repo'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { AuditKeyedChain1764000000010 } from '../../../src/main/store/migrations/0010-audit-keyed-chain'
import { AuditWorkstationChains1764000000018 } from '../../../src/main/store/migrations/0018-audit-workstation-chains'
import { auditFor } from '../../support/audit-service'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

/** A store from before the keyed chain: its events are plain SHA-256 links, recorded by one chain. */
const BEFORE_KEYED = migrations.slice(0, migrations.indexOf(AuditKeyedChain1764000000010))
const INPUT = (i: number): AuditInput => ({ actorStaffId: null, workstation: 'ws-old', customerRef: null, action: 'customer.signIn', outcome: 'success', details: { i } })

async function insertOld(ds: DataSource, n: number, pg: boolean): Promise<AuditEventRow[]> {
  const rows: AuditEventRow[] = []
  let prev: ChainLink = { seq: 0, hash: GENESIS_HASH }
  for (let i = 1; i <= n; i++) {
    const r = buildEvent(INPUT(i), prev, `2026-01-01T00:00:0${i}.000Z`, null)
    const p = pg ? (k: number) => `$${k}` : () => '?'
    await ds.query(
      `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash) VALUES (${Array.from({ length: 10 }, (_, k) => p(k + 1)).join(', ')})`,
      [r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash],
    )
    rows.push(r)
    prev = r
  }
  return rows
}

describe('migration 0018 (one audit chain per workstation in branch mode)', () => {
  const dir = tempDir()
  const clock = new FakeClock()
  let open: DataSource[] = []
  afterEach(async () => {
    for (const ds of open) await ds.destroy()
    open = []
  })
  afterAll(() => dir.cleanup())

  it('is the migration of this number', () => {
    expect(migrations.map((m) => m.name)).toContain('AuditWorkstationChains1764000000018')
    expect(migrations[17]).toBe(AuditWorkstationChains1764000000018)
  })

  it('SQLite: the one chain goes on as it was (no per-workstation part), old and new events verify', async () => {
    const path = join(dir.path, 'old.sqlite')
    const old = await storeAtVersion({ path }, BEFORE_KEYED)
    await insertOld(old, 3, false)
    await old.query(`PRAGMA user_version = ${BEFORE_KEYED.length}`)
    await old.destroy()
    const ds = await openStore({ path })
    open.push(ds)
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    expect(await ds.query(`SELECT format FROM audit_chain_format WHERE format = 'per-workstation'`)).toEqual([])
    const { audit } = await auditFor(ds, clock, new FileWitness(join(dir.path, 'w-sqlite.jsonl')))
    for (const w of ['ws-a', 'ws-b', 'ws-a']) await audit.record({ ...INPUT(9), workstation: w })
    await audit.checkpointNow()
    expect(await ds.query(`SELECT seq, chain_seq FROM audit_event WHERE seq > 3 ORDER BY seq`)).toEqual([{ seq: 4, chain_seq: null }, { seq: 5, chain_seq: null }, { seq: 6, chain_seq: null }])
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 6 })
  })

  it.skipIf(!adminPgUrl)('PostgreSQL: records where the workstation chains start; the old single chain still verifies, new events go to each workstation\'s chain', async () => {
    const db = await throwawayDatabase('teller_m0018')
    try {
      const old = await storeAtVersion({ url: db.url }, BEFORE_KEYED)
      await insertOld(old, 3, true)
      await old.destroy()
      const ds = await openBranchStore({ url: db.url })
      open.push(ds)
      expect(await ds.query(`SELECT from_seq, format FROM audit_chain_format ORDER BY from_seq, format`)).toEqual([
        { from_seq: 4, format: 'hmac-sha256' },
        { from_seq: 4, format: 'hmac-sha256-sealed' },
        { from_seq: 4, format: 'per-workstation' },
      ])
      // Appends only, like the other rows of the table.
      await expect(ds.query(`UPDATE audit_chain_format SET from_seq = 1 WHERE format = 'per-workstation'`)).rejects.toThrow('append-only')
      const { audit } = await auditFor(ds, clock, new FileWitness(join(dir.path, 'w-pg.jsonl')))
      for (const w of ['ws-a', 'ws-b', 'ws-a']) await audit.record({ ...INPUT(9), workstation: w })
      await audit.checkpointNow()
      const rows = (await ds.query(`SELECT seq, workstation, chain_seq::int AS chain_seq FROM audit_event ORDER BY seq`)) as unknown[]
      expect(rows).toEqual([
        { seq: 1, workstation: 'ws-old', chain_seq: null },
        { seq: 2, workstation: 'ws-old', chain_seq: null },
        { seq: 3, workstation: 'ws-old', chain_seq: null },
        { seq: 4, workstation: 'ws-a', chain_seq: 1 },
        { seq: 5, workstation: 'ws-b', chain_seq: 1 },
        { seq: 6, workstation: 'ws-a', chain_seq: 2 },
      ])
      expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 6 })
      // One place per workstation chain: the database refuses a second event at the same place.
      await expect(ds.query(`INSERT INTO audit_event (seq, at, workstation, action, outcome, details, prev_hash, hash, chain_seq) VALUES (99, 't', 'ws-a', 'a', 'success', '{}', 'p', 'h', 2)`)).rejects.toThrow(/unique|duplicate/i)
    } finally {
      for (const ds of open) await ds.destroy()
      open = []
      await db.drop()
    }
  })
})
