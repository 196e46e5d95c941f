import { appendFileSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { checkpointIsSigned } from '../../../src/main/engine/audit/audit-checkpoint-rules'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { openStore } from '../../../src/main/store/data-source'
import { auditFor } from '../../support/audit-service'
import { FakeClock } from '../../support/fake-clock'
import { reopenEngine, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'

const ev = (i: number) => ({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' as const, details: { i } })
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('keyed audit chain and signed checkpoints (issue 14)', () => {
  const dir = tempDir('teller-cp-')
  let ds: DataSource | null = null
  let t: TestEngine | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
    await t?.close()
    t = null
  })
  afterAll(() => dir.cleanup())

  it('the chain key rotates: new events take the new version, old events verify under their own, after a restart too', async () => {
    t = await startTestEngine()
    await t.engine.audit.record(ev(1))
    expect(await t.engine.keys.rotateAuditChainKey()).toBe(2)
    await t.engine.audit.record(ev(2))
    expect(await t.engine.ds.query('SELECT seq, key_version FROM audit_event ORDER BY seq')).toEqual([{ seq: 1, key_version: 1 }, { seq: 2, key_version: 2 }])
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: 2 })
    await t.engine.close()
    const again = await reopenEngine(t.dataDir, t.clock)
    try {
      expect((await again.audit.record(ev(3))).keyVersion).toBe(2)
      expect(await again.audit.verifyChain()).toMatchObject({ ok: true, count: 3 })
      // The wrapped keys are in the ring; the unwrapped ones never are.
      expect(await again.ds.query(`SELECT purpose, version, state FROM key_ring WHERE purpose LIKE 'audit-%' ORDER BY purpose, version`)).toEqual([
        { purpose: 'audit-chain', version: 1, state: 'retired' },
        { purpose: 'audit-chain', version: 2, state: 'active' },
        { purpose: 'audit-signing', version: 1, state: 'active' },
      ])
    } finally {
      await again.close()
      rmSync(t.dataDir, { recursive: true, force: true })
      t = null
    }
  })

  it('writes a signed checkpoint every N events and every T, to a 0600 witness file outside the store', async () => {
    ds = await openStore({ path: join(dir.path, 'cadence.sqlite') })
    const witnessFile = join(dir.path, 'cadence-witness.jsonl')
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const { audit, keys } = await auditFor(ds, clock, new FileWitness(witnessFile), { everyEvents: 3, everyMs: 40 })
    for (let i = 0; i < 7; i++) await audit.record(ev(i))
    await audit.checkpointNow() // lets the pending write finish; the 7th is not due yet by count
    let cps = lines(witnessFile)
    // A checkpoint is due after the 3rd and the 6th event; each signs the store's committed tail
    // when it is written, which may already include the next event.
    const sizes = cps.map((c) => Number(c.size))
    expect(sizes[0]).toBeGreaterThanOrEqual(3)
    expect(sizes.length).toBeGreaterThanOrEqual(2)
    expect(sizes).toEqual([...new Set(sizes)].sort((a, b) => a - b))
    expect(sizes.at(-1)).toBe(7)
    audit.startCheckpoints()
    await audit.record(ev(8))
    await new Promise((r) => setTimeout(r, 150))
    cps = lines(witnessFile)
    expect(cps.map((c) => c.size).slice(sizes.length)).toEqual([8]) // the timer: T passed with an event pending
    await audit.stopCheckpoints()
    expect(lines(witnessFile)).toHaveLength(cps.length) // nothing new: no empty checkpoint
    expect(statSync(witnessFile).mode & 0o777).toBe(0o600)
    const head = ((await ds.query('SELECT hash FROM audit_event WHERE seq = 8')) as { hash: string }[])[0]!.hash
    expect(cps.at(-1)).toMatchObject({ size: 8, head, at: '2026-03-10T04:00:00.000Z', keyedFrom: 1 })
    for (const cp of cps) expect(checkpointIsSigned(cp, keys.checkpointSigner().publicKey)).toBe(true)
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 8, checkpoint: { size: 8, at: '2026-03-10T04:00:00.000Z' } })
    // The signing key is sealed in the ring: nothing of it, nor of the chain key, is in the witness.
    expect(readFileSync(witnessFile, 'utf8')).not.toContain('PRIVATE')
  })

  it('a checkpoint this store did not sign, written into the witness, is named', async () => {
    ds = await openStore({ path: join(dir.path, 'forged-witness.sqlite') })
    const witnessFile = join(dir.path, 'forged-witness.jsonl')
    const { audit } = await auditFor(ds, new FakeClock(), new FileWitness(witnessFile))
    for (let i = 0; i < 4; i++) await audit.record(ev(i))
    await audit.checkpointNow()
    const cp = lines(witnessFile)[0]!
    appendFileSync(witnessFile, JSON.stringify({ ...cp, head: 'f'.repeat(64) }) + '\n')
    expect(await audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 5, reason: 'witness' })
  })

  it('the engine writes its checkpoints to the development witness beside the store, and verifies against them', async () => {
    t = await startTestEngine()
    await t.engine.audit.stopCheckpoints() // no timer: the checkpoints below are the test's own
    for (let i = 0; i < 3; i++) await t.engine.audit.record(ev(i))
    await t.engine.audit.checkpointNow()
    expect(lines(join(t.dataDir, 'audit-witness.jsonl')).map((c) => c.size)).toEqual([3])
    expect(await t.engine.audit.verifyChain()).toEqual({ ok: true, count: 3, checkpoint: { size: 3, at: '2026-03-10T04:00:00.000Z' } })
    // The supervisor's check (audit:verify) shows the checkpoint and its age, and is itself recorded.
    t.clock.advance(95_000)
    const actor = { staffId: 'sup-1', workstation: 'ws-test-1' }
    expect(await t.engine.gate.auditDesk.verify(actor)).toEqual({ ok: true, count: 3, checkpoint: { size: 3, at: '2026-03-10T04:00:00.000Z', ageSeconds: 95 } })
    await t.engine.ds.query('DROP TRIGGER audit_event_retention_only')
    await t.engine.ds.query('DELETE FROM audit_event WHERE seq > 1')
    expect(await t.engine.gate.auditDesk.verify(actor)).toEqual({ ok: false, brokenAt: 2, reason: 'missing', checkpoint: { size: 3, at: '2026-03-10T04:00:00.000Z', ageSeconds: 95 } })
    const recorded = (await t.engine.ds.query(`SELECT outcome, details FROM audit_event WHERE action = 'audit.verify' ORDER BY seq`)) as { outcome: string; details: string }[]
    expect(recorded.at(-1)).toEqual({ outcome: 'failure', details: '{"brokenAt":2,"checkpointSize":3,"reason":"missing"}' })
  })
})
