import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { buildEvent, GENESIS_HASH, type AuditInput } from '../../../src/main/engine/audit/audit-chain-rules'
import { signCheckpoint } from '../../../src/main/engine/audit/audit-checkpoint-rules'
import type { AuditEventRow, ChainLink } from '../../../src/main/engine/audit/audit.repo'
import { AuditReview } from '../../../src/main/engine/audit/audit-review'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { AuditKeyedChain1764000000010 } from '../../../src/main/store/migrations/0010-audit-keyed-chain'
import { AuditSealed1764000000014 } from '../../../src/main/store/migrations/0014-audit-sealed'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { auditFor } from '../../support/audit-service'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

/** Every migration before this one: a store whose audit trail names customers by phone, in clear. */
const BEFORE = migrations.slice(0, migrations.indexOf(AuditSealed1764000000014))
const BEFORE_KEYED = migrations.slice(0, migrations.indexOf(AuditKeyedChain1764000000010))
const PASSPHRASE = 'audit-test-passphrase-0123'
const PHONE = '+77012345678'
const OTHER = '+77471234567'
const REASON = 'Suspicious caller Ivanov Serik'

const INSERT = (p: (i: number) => string, n: number) =>
  `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash${n === 11 ? ', key_version' : ''}) VALUES (${Array.from({ length: n }, (_, i) => p(i + 1)).join(', ')})`
const params = (r: AuditEventRow, keyed: boolean) => [r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash, ...(keyed ? [r.keyVersion] : [])]

/** The events as the app recorded them before this migration: the customer's phone and typed reasons in clear. */
const INPUTS: AuditInput[] = [
  { actorStaffId: null, workstation: 'ws', customerRef: PHONE, action: 'customer.signIn', outcome: 'success', details: { i: 1 } },
  { actorStaffId: 'sup-1', workstation: 'ws', customerRef: PHONE, action: 'customer.block', outcome: 'success', details: { reason: REASON } },
  { actorStaffId: 'sup-1', workstation: 'ws', customerRef: null, action: 'audit.search', outcome: 'success', details: { filters: JSON.stringify({ phone: PHONE }) } },
  { actorStaffId: null, workstation: 'ws', customerRef: OTHER, action: 'customer.signIn', outcome: 'success', details: { i: 4 } },
]

async function insertRows(ds: DataSource, from: ChainLink, inputs: AuditInput[], key: { version: number; key: Buffer } | null, pg = false): Promise<AuditEventRow[]> {
  const rows: AuditEventRow[] = []
  let prev = from
  for (const [i, input] of inputs.entries()) {
    const row = buildEvent(input, prev, `2026-01-01T00:00:0${prev.seq + i}.000Z`, key)
    await ds.query(INSERT(pg ? (k) => `$${k}` : () => '?', key ? 11 : 10), params(row, key !== null))
    rows.push(row)
    prev = row
  }
  return rows
}

type Raw = { seq: number; customer_ref: string | null; customer_sealed: string | null; details: string; hash: string; reseal_mac: string | null }

describe('migration 0014 (the audit trail without customer data in clear)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('seals the clear rows of an existing store in place, resumably: pseudonyms, sealed copies, sealed reasons; the chain and old checkpoints still verify; nothing in clear in the file after VACUUM', async () => {
    const path = join(dir.path, 'clear.sqlite')
    const clock = new FakeClock('2026-01-02T00:00:00.000Z')
    // Two plain SHA-256 events (before migration 0010), then two keyed ones: all with clear phones.
    const plain = await storeAtVersion({ path }, BEFORE_KEYED)
    const first = await insertRows(plain, { seq: 0, hash: GENESIS_HASH }, INPUTS.slice(0, 2), null)
    await plain.query(`PRAGMA user_version = ${BEFORE_KEYED.length}`)
    await plain.destroy()
    const old = await storeAtVersion({ path }, BEFORE)
    const ring = await KeyRing.open(new SqlUnitOfWork(old), new PassphraseKek(PASSPHRASE), clock)
    const second = await insertRows(old, first[1]!, INPUTS.slice(2), ring.chainKey())
    await old.query(`PRAGMA user_version = ${BEFORE.length}`)
    await old.destroy()
    const witness = new FileWitness(join(dir.path, 'witness.jsonl'))
    await witness.append(signCheckpoint({ size: 4, head: second[1]!.hash, at: clock.now().toISOString(), keyedFrom: 3 }, ring.checkpointSigner().privateKey))

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied[BEFORE.length]!.name).toBe('AuditSealed1764000000014')
    expect(await ds.query('SELECT from_seq, format FROM audit_chain_format ORDER BY from_seq')).toEqual([
      { from_seq: 3, format: 'hmac-sha256' },
      { from_seq: 5, format: 'hmac-sha256-sealed' },
    ])
    const { audit, keys } = await auditFor(ds, clock, witness)
    // Before the engine seals them, the old rows verify as they are.
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 4, checkpoint: { size: 4, at: clock.now().toISOString() } })

    // Resumable: one batch, the chain verifies half-sealed, then the rest.
    expect(await audit.sealLegacyBatch(2)).toBe(2)
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 4 })
    expect(await audit.sealLegacyRows()).toBe(2)
    expect(await audit.sealLegacyRows()).toBe(0)
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 4, checkpoint: { size: 4, at: clock.now().toISOString() } })

    const rows = (await ds.query('SELECT * FROM audit_event ORDER BY seq')) as Raw[]
    expect(rows.map((r) => r.hash)).toEqual([...first, ...second].map((r) => r.hash))
    expect(rows.map((r) => r.customer_ref)).toEqual([expect.stringMatching(/^b1:[0-9a-f]{64}$/), rows[0]!.customer_ref, null, expect.stringMatching(/^b1:[0-9a-f]{64}$/)])
    expect(rows[3]!.customer_ref).not.toBe(rows[0]!.customer_ref)
    expect(rows.every((r) => r.reseal_mac !== null)).toBe(true)
    const text = JSON.stringify(rows)
    for (const secret of ['7012345678', '7471234567', 'Ivanov']) expect(text).not.toContain(secret)

    // Supervisors find and read the old events by phone.
    const found = await new AuditReview(new SqlUnitOfWork(ds), keys).search({ phone: PHONE }, null)
    expect(found.rows.map((r) => [r.seq, r.customerRef])).toEqual([[2, PHONE], [1, PHONE]])
    expect(found.rows[0]!.details).toEqual({ reason: REASON })

    // The sealed rows can no longer be edited: not their links, not their sealed values, not again.
    await expect(ds.query(`UPDATE audit_event SET hash = 'x' WHERE seq = 1`)).rejects.toThrow('append-only')
    await expect(ds.query(`UPDATE audit_event SET customer_ref = NULL WHERE seq = 1`)).rejects.toThrow('append-only')
    const next = await audit.record({ actorStaffId: null, workstation: 'ws', customerRef: PHONE, action: 'customer.signIn', outcome: 'success' })
    expect(next).toMatchObject({ seq: 5, customerRef: rows[0]!.customer_ref, resealMac: null })
    await expect(ds.query(`UPDATE audit_event SET details = '{}' WHERE seq = 5`)).rejects.toThrow('append-only')
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 5 })

    // VACUUM ran: no page of the file, nor its WAL, holds the clear values any more.
    await ds.destroy()
    ds = null
    for (const file of [path, `${path}-wal`]) {
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch {
        continue
      }
      for (const secret of ['7012345678', '7471234567', 'Ivanov']) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false)
      }
    }
  })

  it('a sealed old event whose pseudonym is swapped for another customer breaks the chain at that event', async () => {
    const path = join(dir.path, 'swap.sqlite')
    const clock = new FakeClock('2026-01-02T00:00:00.000Z')
    const old = await storeAtVersion({ path }, BEFORE)
    const ring = await KeyRing.open(new SqlUnitOfWork(old), new PassphraseKek(PASSPHRASE), clock)
    await insertRows(old, { seq: 0, hash: GENESIS_HASH }, INPUTS, ring.chainKey())
    await old.query(`PRAGMA user_version = ${BEFORE.length}`)
    await old.destroy()
    ds = await openStore({ path })
    const { audit } = await auditFor(ds, clock)
    expect(await audit.sealLegacyRows()).toBe(4)
    const rows = (await ds.query('SELECT * FROM audit_event ORDER BY seq')) as Raw[]
    await ds.query('DROP TRIGGER audit_event_no_update')
    await ds.query('UPDATE audit_event SET customer_ref = ? WHERE seq = 1', [rows[3]!.customer_ref])
    expect(await audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 1, reason: 'link' })
  })

  it('a new store is in the sealed format from the first event', async () => {
    ds = await openStore({ path: join(dir.path, 'new.sqlite') })
    expect(await ds.query(`SELECT from_seq FROM audit_chain_format WHERE format = 'hmac-sha256-sealed'`)).toEqual([{ from_seq: 1 }])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0014 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a database with clear audit rows; the engine seals them in place; only that update is allowed', async () => {
    db = await throwawayDatabase('teller_m0014')
    const clock = new FakeClock('2026-01-02T00:00:00.000Z')
    const old = await storeAtVersion({ url: db.url }, BEFORE)
    const ring = await KeyRing.open(new SqlUnitOfWork(old), new PassphraseKek(PASSPHRASE), clock)
    await insertRows(old, { seq: 0, hash: GENESIS_HASH }, INPUTS, ring.chainKey(), true)
    await old.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[])[BEFORE.length]!.name).toBe('AuditSealed1764000000014')
    expect(await ds.query(`SELECT from_seq FROM audit_chain_format WHERE format = 'hmac-sha256-sealed'`)).toEqual([{ from_seq: 5 }])
    const { audit } = await auditFor(ds, clock)
    expect(await audit.sealLegacyRows()).toBe(4)
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 4 })
    const rows = (await ds.query('SELECT * FROM audit_event ORDER BY seq')) as Raw[]
    expect(JSON.stringify(rows)).not.toContain('7012345678')
    expect(JSON.stringify(rows)).not.toContain('Ivanov')
    await expect(ds.query(`UPDATE audit_event SET hash = 'x' WHERE seq = 1`)).rejects.toThrow('append-only')
    await expect(ds.query(`UPDATE audit_event SET customer_ref = NULL WHERE seq = 1`)).rejects.toThrow('append-only')
    const next = await audit.record({ actorStaffId: null, workstation: 'ws', customerRef: PHONE, action: 'customer.signIn', outcome: 'success' })
    expect(next.customerRef).toMatch(/^b1:[0-9a-f]{64}$/)
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 5 })
  })
})
