import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { canonical } from '../../../src/main/engine/audit/audit-chain-rules'
import { AuditReview } from '../../../src/main/engine/audit/audit-review'
import { AuditService } from '../../../src/main/engine/audit/audit.service'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { tempDir } from '../../support/temp-engine'

/**
 * Issue 14 (scale): N workstations on one PostgreSQL append to one chain each, under their own
 * lock, tied together by the checkpoints (each covers every chain's size and head). The attacks
 * of audit-attacks.test.ts are run again against several workstation chains.
 */
interface Workstation {
  name: string
  ds: DataSource
  uow: SqlUnitOfWork
  audit: AuditService
  keys: KeyRing
}

const ev = (ws: string, i: number) => ({ actorStaffId: null, workstation: ws, customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { i } })

describe.skipIf(!adminPgUrl)('audit: one chain per workstation on PostgreSQL (issue 14, scale)', () => {
  const dir = tempDir('teller-chains-')
  const clock = new FakeClock()
  let db: { url: string; drop(): Promise<void> }
  let stations: Workstation[] = []

  async function workstation(name: string): Promise<Workstation> {
    const ds = await openBranchStore({ url: db.url })
    const uow = new SqlUnitOfWork(ds)
    const keys = await KeyRing.open(uow, new PassphraseKek('audit-test-passphrase-0123'), clock)
    const audit = new AuditService(uow, clock, keys, new FileWitness(join(dir.path, `${db.url.split('/').pop()}-${name}.jsonl`)))
    const w = { name, ds, uow, audit, keys }
    stations.push(w)
    return w
  }

  /** Each workstation appends `n` events, all at once. */
  const appendAll = (ws: Workstation[], n: number, from = 0) => Promise.all(ws.map(async (w) => { for (let i = from; i < from + n; i++) await w.audit.record(ev(w.name, i)) }))

  async function dropTriggers(ds: DataSource): Promise<void> {
    const triggers = (await ds.query(`SELECT tgname, tgrelid::regclass::text AS t FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'audit%'`)) as { tgname: string; t: string }[]
    for (const t of triggers) await ds.query(`DROP TRIGGER ${t.tgname} ON ${t.t}`)
  }

  beforeEach(async () => {
    db = await throwawayDatabase('teller_chains')
  })
  afterEach(async () => {
    for (const w of stations) await w.ds.destroy()
    stations = []
    await db.drop()
  })
  afterAll(() => dir.cleanup())

  it('three workstations append at once: each to its own chain, every chain verifies, a checkpoint covers every chain', async () => {
    const ws = [await workstation('ws-a'), await workstation('ws-b'), await workstation('ws-c')]
    await appendAll(ws, 20)
    const chains = (await ws[0]!.ds.query(`SELECT workstation, MIN(chain_seq)::int AS lo, MAX(chain_seq)::int AS hi, COUNT(*)::int AS n FROM audit_event GROUP BY workstation ORDER BY workstation`)) as unknown[]
    expect(chains).toEqual([{ workstation: 'ws-a', lo: 1, hi: 20, n: 20 }, { workstation: 'ws-b', lo: 1, hi: 20, n: 20 }, { workstation: 'ws-c', lo: 1, hi: 20, n: 20 }])
    await ws[1]!.audit.checkpointNow()
    for (const w of ws) expect(await w.audit.verifyChain()).toMatchObject({ ok: true, count: 60 })
    const lines: unknown[] = []
    for await (const l of new FileWitness(join(dir.path, `${db.url.split('/').pop()}-ws-b.jsonl`)).read()) lines.push(l)
    const line = lines.at(-1)
    expect((line as { chains: [string, number, string][] }).chains.map(([c, n]) => [c, n])).toEqual([['ws-a', 20], ['ws-b', 20], ['ws-c', 20]])
    // The review stays newest first across chains, and its keyset cursor walks every event once.
    const review = new AuditReview(ws[0]!.uow, ws[0]!.keys)
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page = await review.search({}, cursor, 7)
      seen.push(...page.rows.map((r) => r.seq))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(60)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
  })

  it('a workstation in the middle of an append does not hold up another workstation (no global lock)', async () => {
    const [a, b] = [await workstation('ws-a'), await workstation('ws-b')]
    await appendAll([a, b], 1)
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let entered!: () => void
    const inside = new Promise<void>((r) => (entered = r))
    // Workstation A appends inside a decision's transaction that is still open.
    const slow = a.uow.transaction([], async (tx) => {
      await a.audit.recordIn(tx, ev('ws-a', 1))
      entered()
      await held
    })
    await inside
    const other = await Promise.race([b.audit.record(ev('ws-b', 1)).then(() => 'appended'), new Promise((r) => setTimeout(() => r('waited for the other workstation'), 3_000))])
    release()
    await slow
    expect(other).toBe('appended')
    await a.audit.checkpointNow()
    expect(await a.audit.verifyChain()).toMatchObject({ ok: true, count: 4 })
  })

  it('edit one event of one chain, then recompute every later link of that chain: named by seq and workstation', async () => {
    const ws = [await workstation('ws-a'), await workstation('ws-b'), await workstation('ws-c')]
    await appendAll(ws, 6)
    await ws[0]!.audit.checkpointNow()
    await dropTriggers(ws[0]!.ds)
    const rows = (await ws[0]!.ds.query(`SELECT * FROM audit_event WHERE workstation = 'ws-b' ORDER BY chain_seq`)) as Record<string, unknown>[]
    let prevHash = rows[1]!.hash as string
    for (const r of rows.slice(2)) {
      if (Number(r.chain_seq) === 3) r.details = '{"i":99}'
      const content = { seq: r.seq, at: r.at, actorStaffId: r.actor_staff_id, workstation: r.workstation, customerRef: r.customer_ref, action: r.action, outcome: r.outcome, details: r.details, chainSeq: Number(r.chain_seq) }
      const hash = createHash('sha256').update(prevHash).update(canonical(content)).digest('hex')
      await ws[0]!.ds.query(`UPDATE audit_event SET details = $1, prev_hash = $2, hash = $3, key_version = NULL, customer_sealed = NULL WHERE seq = $4`, [r.details, prevHash, hash, r.seq])
      prevHash = hash
    }
    expect(await ws[0]!.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: Number(rows[2]!.seq), reason: 'link', chain: 'ws-b', chainSeq: 3 })
  })

  it('delete the newest k events of one chain: the checkpoint of every chain knows they existed', async () => {
    const ws = [await workstation('ws-a'), await workstation('ws-b'), await workstation('ws-c')]
    await appendAll(ws, 6)
    await ws[0]!.audit.checkpointNow()
    await appendAll(ws.slice(0, 1), 3, 6)
    await dropTriggers(ws[0]!.ds)
    await ws[0]!.ds.query(`DELETE FROM audit_event WHERE workstation = 'ws-c' AND chain_seq > 4`)
    expect(await ws[0]!.audit.verifyChain()).toMatchObject({ ok: false, reason: 'missing', chain: 'ws-c', chainSeq: 5 })
  })

  it('drop the triggers, then update an event of one chain in place', async () => {
    const ws = [await workstation('ws-a'), await workstation('ws-b')]
    await appendAll(ws, 5)
    await ws[0]!.audit.checkpointNow()
    await dropTriggers(ws[0]!.ds)
    const [victim] = (await ws[0]!.ds.query(`SELECT seq FROM audit_event WHERE workstation = 'ws-a' AND chain_seq = 2`)) as { seq: number }[]
    await ws[0]!.ds.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq = $1`, [victim!.seq])
    expect(await ws[1]!.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: victim!.seq, reason: 'link', chain: 'ws-a', chainSeq: 2 })
  })

  it('restore an older copy of the audit table: the missing events are named, then the events recorded over them', async () => {
    const ws = [await workstation('ws-a'), await workstation('ws-b')]
    await appendAll(ws, 4)
    await ws[0]!.ds.query(`CREATE TABLE audit_copy AS SELECT * FROM audit_event`)
    await appendAll(ws, 3, 4)
    await ws[0]!.audit.checkpointNow()
    await dropTriggers(ws[0]!.ds)
    await ws[0]!.ds.query(`DELETE FROM audit_event`)
    await ws[0]!.ds.query(`INSERT INTO audit_event SELECT * FROM audit_copy`)
    expect(await ws[0]!.audit.verifyChain()).toMatchObject({ ok: false, reason: 'missing', chain: 'ws-a', chainSeq: 5 })
    // The restored store goes on recording: the new events are not the witnessed ones (the checkpoint vouched for place 7).
    await appendAll(ws.slice(0, 1), 4, 100)
    expect(await ws[0]!.audit.verifyChain()).toMatchObject({ ok: false, reason: 'checkpoint', chain: 'ws-a', chainSeq: 7 })
  })
})
