import { generateKeyPairSync } from 'node:crypto'
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { AuditDesk } from '../../../src/main/engine/audit/audit-desk.service'
import { AuditReview } from '../../../src/main/engine/audit/audit-review'
import { checkpointLine, signCheckpoint } from '../../../src/main/engine/audit/audit-checkpoint-rules'
import { latestWitnessed } from '../../../src/main/engine/audit/audit-checkpoint-status'
import { checkpointCoverage } from '../../../src/main/engine/audit/audit-verify-status'
import { AuditService } from '../../../src/main/engine/audit/audit.service'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { FakeClock } from '../../support/fake-clock'
import { tempDir } from '../../support/temp-engine'
import type { Witness } from '../../../src/main/engine/audit/witness'

/**
 * Issue 14: the audit screen shows the checkpoint status as the supervisor opens it
 * (`audit:checkpoint`, AuditDesk.checkpointStatus): the latest checkpoint the witness holds that
 * this store's checkpoint key signed, read from the witness's end, with its time and age; without
 * walking the events. No witness, an empty one and one that cannot be read are each told apart
 * (the last by kind only: no path, no key). The reading is audited.
 */
const ev = (i: number) => ({ actorStaffId: null, workstation: 'ws-a', customerRef: null, action: 'customer.signIn', outcome: 'success' as const, details: { i } })
const actor = { staffId: 'sup-1', workstation: 'ws-sup' }

describe('the checkpoint status on opening the audit screen (issue 14)', () => {
  const dir = tempDir('teller-cp-status-')
  afterAll(() => dir.cleanup())
  let n = 0

  async function deskOver(witness: Witness | null) {
    const ds = await openStore({ path: join(dir.path, `store-${++n}.sqlite`) })
    const clock = new FakeClock()
    const uow = new SqlUnitOfWork(ds)
    const keys = await KeyRing.open(uow, new PassphraseKek('audit-test-passphrase-0123'), clock)
    const audit = new AuditService(uow, clock, keys, witness)
    const desk = new AuditDesk(
      audit,
      new AuditReview(uow, keys),
      clock,
      () => Promise.reject(new Error('no counter')),
      (cp) => checkpointCoverage(witness, keys, cp),
      () => latestWitnessed(witness, keys),
    )
    const rows = async () => (await ds.query(`SELECT action, outcome, details FROM audit_event WHERE action = 'audit.checkpoint' ORDER BY seq`)) as { action: string; outcome: string; details: string }[]
    return { ds, clock, audit, desk, rows, keys }
  }

  it('the latest signed checkpoint, its time and age, without walking the events; a forged later line is ignored', async () => {
    const file = join(dir.path, 'witness-1.jsonl')
    const { ds, clock, audit, desk, rows } = await deskOver(new FileWitness(file))
    try {
      for (let i = 0; i < 3; i++) await audit.record(ev(i))
      await audit.checkpointNow()
      clock.advance(5_000)
      for (let i = 3; i < 7; i++) await audit.record(ev(i))
      await audit.checkpointNow()
      const at = clock.now().toISOString()
      clock.advance(90_000)
      const walk = vi.spyOn(audit, 'verifyChain')
      expect(await desk.checkpointStatus(actor)).toEqual({ witness: 'read', checkpoint: { size: 7, at, ageSeconds: 90 } })

      // A later, bigger checkpoint signed by another key: not ours, so not the latest.
      const other = generateKeyPairSync('ed25519')
      appendFileSync(file, checkpointLine(signCheckpoint({ size: 500, head: 'f'.repeat(64), at: clock.now().toISOString(), keyedFrom: 1 }, other.privateKey)))
      appendFileSync(file, '{"size": 900, "head": "x", "at": "2026-01-01T00:00:00.000Z", "keyedFrom": 1, "sig": "AAAA"}\nnot json\n')
      clock.advance(10_000)
      expect(await desk.checkpointStatus(actor)).toEqual({ witness: 'read', checkpoint: { size: 7, at, ageSeconds: 100 } })
      expect(walk).not.toHaveBeenCalled()

      // Each reading is recorded, with the size it showed.
      expect((await rows()).map((r) => [r.outcome, JSON.parse(r.details)])).toEqual([
        ['success', { checkpointSize: 7 }],
        ['success', { checkpointSize: 7 }],
      ])
    } finally {
      await ds.destroy()
    }
  })

  it('read from the end of the witness: the whole file is not read forward', async () => {
    const file = join(dir.path, 'witness-2.jsonl')
    const witness = new FileWitness(file)
    const { ds, clock, audit, desk } = await deskOver(witness)
    try {
      for (let round = 0; round < 40; round++) {
        await audit.record(ev(round))
        await audit.checkpointNow()
        clock.advance(1_000)
      }
      const forward = vi.spyOn(witness, 'read')
      const status = await desk.checkpointStatus(actor)
      expect(status).toMatchObject({ witness: 'read', checkpoint: { size: 40, ageSeconds: 1 } })
      expect(forward).not.toHaveBeenCalled()
    } finally {
      await ds.destroy()
    }
  })

  it('a witness bigger than one read: lines across 64 KiB chunks, a long forged tail passed over', async () => {
    const file = join(dir.path, 'witness-big.jsonl')
    const witness = new FileWitness(file)
    const { ds, clock, desk, keys } = await deskOver(witness)
    try {
      const ours = keys.checkpointSigner().privateKey
      const lines: string[] = []
      for (let size = 1; size <= 1500; size++) lines.push(checkpointLine(signCheckpoint({ size, head: 'a'.repeat(64), at: new Date(clock.now().getTime() - 60_000 + size).toISOString(), keyedFrom: 1 }, ours)))
      writeFileSync(file, lines.join(''))
      const other = generateKeyPairSync('ed25519').privateKey
      appendFileSync(file, checkpointLine({ ...signCheckpoint({ size: 9999, head: 'b'.repeat(70_000), at: clock.now().toISOString(), keyedFrom: 1 }, other) }))
      for (let i = 0; i < 400; i++) appendFileSync(file, checkpointLine(signCheckpoint({ size: 10_000 + i, head: 'c'.repeat(64), at: clock.now().toISOString(), keyedFrom: 1 }, other)))
      const backwards: unknown[] = []
      for await (const line of witness.readNewestFirst()) backwards.push(line)
      const forwards: unknown[] = []
      for await (const line of witness.read()) forwards.push(line)
      expect(backwards).toEqual(forwards.reverse())
      expect(await desk.checkpointStatus(actor)).toMatchObject({ witness: 'read', checkpoint: { size: 1500, ageSeconds: 58 } })
    } finally {
      await ds.destroy()
    }
  })

  it('no witnessed checkpoint yet: an empty witness, or none written', async () => {
    const file = join(dir.path, 'witness-3.jsonl')
    const { ds, audit, desk } = await deskOver(new FileWitness(file))
    try {
      expect(await desk.checkpointStatus(actor)).toEqual({ witness: 'read', checkpoint: null })
      writeFileSync(file, '')
      await audit.record(ev(1))
      expect(await desk.checkpointStatus(actor)).toEqual({ witness: 'read', checkpoint: null })
    } finally {
      await ds.destroy()
    }
  })

  it('no witness configured', async () => {
    const { ds, desk, rows } = await deskOver(null)
    try {
      expect(await desk.checkpointStatus(actor)).toEqual({ witness: 'none' })
      expect((await rows()).map((r) => [r.outcome, JSON.parse(r.details)])).toEqual([['success', { checkpointSize: null }]])
    } finally {
      await ds.destroy()
    }
  })

  it('a witness that cannot be read: its kind, never its path; the last write failure too', async () => {
    const folder = join(dir.path, 'witness-is-a-folder')
    mkdirSync(folder)
    const { ds, audit, desk, rows } = await deskOver(new FileWitness(folder))
    try {
      await audit.record(ev(1))
      await audit.checkpointNow()
      const status = await desk.checkpointStatus(actor)
      expect(status).toEqual({ witness: 'unreadable', kind: 'EISDIR', witnessError: expect.any(String) })
      expect(JSON.stringify(status)).not.toContain(dir.path)
      expect((await rows()).map((r) => [r.outcome, JSON.parse(r.details)])).toEqual([['failure', { checkpointSize: null, reason: 'EISDIR' }]])
    } finally {
      await ds.destroy()
    }
  })
})
