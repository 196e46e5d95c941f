import { copyFileSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/main/app/composition-root'
import { canonical } from '../../../src/main/engine/audit/audit-chain-rules'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'

/**
 * Issue 14: someone with the store file and SQL (the strongest attacker short of the keys: triggers
 * dropped, rows edited, links recomputed) must not get a forged or shortened trail past
 * verification, and verification names the first bad event.
 */
const event = (i: number) => ({ actorStaffId: 'st-1', workstation: 'ws-test-1', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { i } })

async function recordN(engine: Engine, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) await engine.audit.record(event(i))
}

async function dropTriggers(engine: Engine): Promise<void> {
  const triggers = (await engine.ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'`)) as { name: string }[]
  for (const t of triggers) await engine.ds.query(`DROP TRIGGER ${t.name}`)
}

/** The attacker's recomputation: the plain SHA-256 link, the only one computable without the key ring. */
async function forgeFrom(engine: Engine, seq: number, edit: (row: Record<string, unknown>) => void): Promise<void> {
  const rows = (await engine.ds.query(`SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq`, [seq - 1])) as Record<string, unknown>[]
  const keyed = 'key_version' in rows[0]!
  let prevHash = rows[0]!.seq === seq ? '0'.repeat(64) : (rows.shift()!.hash as string)
  for (const r of rows) {
    if (r.seq === seq) edit(r)
    const content = { seq: r.seq, at: r.at, actorStaffId: r.actor_staff_id, workstation: r.workstation, customerRef: r.customer_ref, action: r.action, outcome: r.outcome, details: r.details }
    const hash = createHash('sha256').update(prevHash).update(canonical(content)).digest('hex')
    // The sealed copy of the phone (issue 15) is dropped too: a plain link never covered one.
    await engine.ds.query(`UPDATE audit_event SET workstation = ?, details = ?, prev_hash = ?, hash = ?, customer_sealed = NULL${keyed ? ', key_version = NULL' : ''} WHERE seq = ?`, [r.workstation, r.details, prevHash, hash, r.seq])
    prevHash = hash
  }
}

describe('audit attacks (issue 14): verification fails and names the first bad event', () => {
  let t: TestEngine | null = null
  afterEach(async () => {
    await t?.close()
    t = null
  })

  it('edit one event, then recompute every later link: the keyed links cannot be recomputed without the key', async () => {
    t = await startTestEngine()
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: 10 })
    await dropTriggers(t.engine)
    await forgeFrom(t.engine, 5, (r) => (r.workstation = 'forged'))
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 5 })
  })

  it('edit, recompute, and also move where the keyed part starts: the signed checkpoint no longer matches', async () => {
    t = await startTestEngine()
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    await dropTriggers(t.engine)
    await forgeFrom(t.engine, 1, (r) => (r.details = '{"i":99}'))
    await t.engine.ds.query(`UPDATE audit_chain_format SET from_seq = 1000000`)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 1, reason: 'checkpoint' })
  })

  it('delete the newest k events: only the witnessed checkpoint knows they existed', async () => {
    t = await startTestEngine()
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    await dropTriggers(t.engine)
    await t.engine.ds.query(`DELETE FROM audit_event WHERE seq > 7`)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 8, reason: 'missing' })
  })

  it('drop the triggers, then update an event in place', async () => {
    t = await startTestEngine()
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    await dropTriggers(t.engine)
    await t.engine.ds.query(`UPDATE audit_event SET customer_ref = '+77000000000' WHERE seq = 3`)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 3, reason: 'link' })
  })

  it('restore an older copy of the database file (older than the latest checkpoint)', async () => {
    t = await startTestEngine()
    const store = join(t.dataDir, 'teller.sqlite')
    await recordN(t.engine, 5)
    await t.engine.audit.checkpointNow()
    await t.engine.close()
    copyFileSync(store, join(t.dataDir, 'old-copy.sqlite'))
    let engine = await reopenEngine(t.dataDir, t.clock)
    await recordN(engine, 5, 5)
    await engine.audit.checkpointNow()
    await engine.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(store + suffix, { force: true })
    copyFileSync(join(t.dataDir, 'old-copy.sqlite'), store)
    engine = await reopenEngine(t.dataDir, t.clock)
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 6, reason: 'missing' })
    // The restored store then goes on recording: its new events are not the witnessed ones.
    await recordN(engine, 7, 100)
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 6, reason: 'checkpoint' })
    await engine.close()
    rmSync(t.dataDir, { recursive: true, force: true })
    t = null
  })
})
