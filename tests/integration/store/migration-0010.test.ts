import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { buildEvent, GENESIS_HASH } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditEventRow } from '../../../src/main/engine/audit/audit.repo'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { AuditKeyedChain1764000000010 } from '../../../src/main/store/migrations/0010-audit-keyed-chain'
import { auditFor } from '../../support/audit-service'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

/** Every migration before this one: a store as it was before the chain was keyed. */
const BEFORE = migrations.slice(0, migrations.indexOf(AuditKeyedChain1764000000010))

/** A plain SHA-256 chain of n events, as the app recorded it before migration 0010. */
function plainChain(n: number): AuditEventRow[] {
  const rows: AuditEventRow[] = []
  let prev = { seq: 0, hash: GENESIS_HASH }
  for (let i = 0; i < n; i++) {
    prev = buildEvent({ actorStaffId: null, workstation: 'ws', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: { i } }, prev, `2026-01-01T00:00:0${i}.000Z`, null)
    rows.push(prev as AuditEventRow)
  }
  return rows
}

const INSERT = (p: (i: number) => string) =>
  `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash) VALUES (${Array.from({ length: 10 }, (_, i) => p(i + 1)).join(', ')})`
const params = (r: AuditEventRow) => [r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash]

describe('migration 0010 (keyed audit chain; where the keyed part starts)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades a store with a plain chain: its events still verify as they are, new events are keyed, the start cannot be moved', async () => {
    const path = join(dir.path, 'before.sqlite')
    const old = await storeAtVersion({ path }, BEFORE)
    for (const r of plainChain(3)) await old.query(INSERT(() => '?'), params(r))
    await old.query(`PRAGMA user_version = ${BEFORE.length}`)
    await old.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied[BEFORE.length]!.name).toBe('AuditKeyedChain1764000000010')
    expect(await ds.query(`SELECT from_seq, format FROM audit_chain_format WHERE format = 'hmac-sha256'`)).toEqual([{ from_seq: 4, format: 'hmac-sha256' }])
    expect(((await ds.query('SELECT key_version FROM audit_event ORDER BY seq')) as unknown[]).length).toBe(3)

    const { audit } = await auditFor(ds, new FakeClock())
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 3, checkpoint: null })
    const next = await audit.record({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' })
    expect(next).toMatchObject({ seq: 4, keyVersion: 1 })
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 4, checkpoint: null })
    expect(await ds.query('SELECT seq, key_version FROM audit_event ORDER BY seq')).toEqual([
      { seq: 1, key_version: null }, { seq: 2, key_version: null }, { seq: 3, key_version: null }, { seq: 4, key_version: 1 },
    ])
    await expect(ds.query('UPDATE audit_chain_format SET from_seq = 100')).rejects.toThrow('audit_chain_format is append-only')
    await expect(ds.query('DELETE FROM audit_chain_format')).rejects.toThrow('audit_chain_format is append-only')
    await expect(ds.query('UPDATE audit_event SET key_version = 0 WHERE seq = 4')).rejects.toThrow('append-only')
  })

  it('a new store is keyed from the first event', async () => {
    ds = await openStore({ path: join(dir.path, 'new.sqlite') })
    expect(await ds.query(`SELECT from_seq, format FROM audit_chain_format WHERE format = 'hmac-sha256'`)).toEqual([{ from_seq: 1, format: 'hmac-sha256' }])
  })

  it('a store whose events were all purged by retention is keyed from the one after the anchor', async () => {
    const path = join(dir.path, 'purged.sqlite')
    const old = await storeAtVersion({ path }, BEFORE)
    await old.query(`INSERT INTO audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256) VALUES (1, 41, ?, 't', 'a.csv', ?)`, ['a'.repeat(64), 'b'.repeat(64)])
    await old.query(`PRAGMA user_version = ${BEFORE.length}`)
    await old.destroy()
    ds = await openStore({ path })
    expect(await ds.query(`SELECT from_seq FROM audit_chain_format WHERE format = 'hmac-sha256'`)).toEqual([{ from_seq: 42 }])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0010 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a database with a plain chain: keyed from the next event, the start append-only', async () => {
    db = await throwawayDatabase('teller_m0010')
    const old = await storeAtVersion({ url: db.url }, BEFORE)
    for (const r of plainChain(2)) await old.query(INSERT((i) => `$${i}`), params(r))
    await old.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[])[BEFORE.length]!.name).toBe('AuditKeyedChain1764000000010')
    expect(await ds.query(`SELECT from_seq, format FROM audit_chain_format WHERE format = 'hmac-sha256'`)).toEqual([{ from_seq: 3, format: 'hmac-sha256' }])
    expect(await ds.query('SELECT seq, key_version FROM audit_event ORDER BY seq')).toEqual([{ seq: 1, key_version: null }, { seq: 2, key_version: null }])
    await expect(ds.query('UPDATE audit_chain_format SET from_seq = 100')).rejects.toThrow('audit_chain_format is append-only')
    await expect(ds.query('DELETE FROM audit_chain_format')).rejects.toThrow('audit_chain_format is append-only')
    await expect(ds.query(`INSERT INTO audit_chain_format (from_seq, format, recorded_at) VALUES (0, 'x', 't')`)).rejects.toThrow('check constraint')
  })
})
