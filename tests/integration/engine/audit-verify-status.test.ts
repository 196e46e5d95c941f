import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AuditDesk } from '../../../src/main/engine/audit/audit-desk.service'
import { AuditReview } from '../../../src/main/engine/audit/audit-review'
import { checkpointCoverage } from '../../../src/main/engine/audit/audit-verify-status'
import { AuditService } from '../../../src/main/engine/audit/audit.service'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore, openStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { tempDir } from '../../support/temp-engine'
import type { DataSource } from 'typeorm'
import type { Witness } from '../../../src/main/engine/audit/witness'

/**
 * Issue 14: what the supervisor's audit screen is told by `audit:verify` (AuditDesk.verify): the
 * last witnessed checkpoint and its age, the workstation chains it covers (branch mode), a witness
 * that cannot be written, and on a break the event, the reason, the chain and the place of every
 * broken chain; no customer data, no link.
 */
const PHONE = '+77012345678'
const ev = (ws: string, i: number) => ({ actorStaffId: null, workstation: ws, customerRef: PHONE, action: 'customer.signIn', outcome: 'success' as const, details: { i } })
const actor = { staffId: 'sup-1', workstation: 'ws-sup' }

async function deskOver(ds: DataSource, clock: FakeClock, witness: Witness) {
  const uow = new SqlUnitOfWork(ds)
  const keys = await KeyRing.open(uow, new PassphraseKek('audit-test-passphrase-0123'), clock)
  const audit = new AuditService(uow, clock, keys, witness)
  const desk = new AuditDesk(audit, new AuditReview(uow, keys), clock, () => Promise.reject(new Error('no counter')), (cp) => checkpointCoverage(witness, keys, cp))
  return { audit, desk }
}

describe('audit:verify tells the screen the checkpoint status and names the break (issue 14)', () => {
  const dir = tempDir('teller-verify-status-')
  afterAll(() => dir.cleanup())

  it('a witness that cannot be written is named (by kind only), with no checkpoint', async () => {
    const ds = await openStore({ path: join(dir.path, 'unwritable.sqlite') })
    try {
      const clock = new FakeClock()
      const { audit, desk } = await deskOver(ds, clock, new FileWitness(join(dir.path, 'no-such-folder', 'witness.jsonl')))
      await audit.record(ev('ws-a', 1))
      await audit.checkpointNow()
      expect(await desk.verify(actor)).toEqual({ ok: true, count: 1, checkpoint: null, witnessError: 'Error' })
    } finally {
      await ds.destroy()
    }
  })

  it.skipIf(!adminPgUrl)('branch mode: the chains the checkpoint covers, and each broken chain by workstation and place', async () => {
    const db = await throwawayDatabase('teller_verify_status')
    const ds = await openBranchStore({ url: db.url })
    try {
      const clock = new FakeClock()
      const { audit, desk } = await deskOver(ds, clock, new FileWitness(join(dir.path, 'branch-witness.jsonl')))
      for (const ws of ['ws-a', 'ws-b', 'ws-c']) for (let i = 0; i < 6; i++) await audit.record(ev(ws, i))
      await audit.checkpointNow()
      const at = clock.now().toISOString()
      clock.advance(42_000)
      expect(await desk.verify(actor)).toEqual({ ok: true, count: 18, checkpoint: { size: 0, at, ageSeconds: 42, chains: 3, events: 18 } })

      const triggers = (await ds.query(`SELECT tgname, tgrelid::regclass::text AS t FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'audit%'`)) as { tgname: string; t: string }[]
      for (const t of triggers) await ds.query(`DROP TRIGGER ${t.tgname} ON ${t.t}`)
      const seqOf = async (ws: string, place: number) => ((await ds.query(`SELECT seq FROM audit_event WHERE workstation = $1 AND chain_seq = $2`, [ws, place])) as { seq: number }[])[0]!.seq
      const [b2, c4] = [await seqOf('ws-b', 2), await seqOf('ws-c', 4)]
      await ds.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq IN ($1, $2)`, [b2, c4])
      const dto = await desk.verify(actor)
      expect(dto).toEqual({
        ok: false,
        brokenAt: b2,
        reason: 'link',
        chain: 'ws-b',
        chainSeq: 2,
        breaks: [
          { chain: 'ws-b', chainSeq: 2, brokenAt: b2, reason: 'link' },
          { chain: 'ws-c', chainSeq: 4, brokenAt: c4, reason: 'link' },
        ],
        checkpoint: { size: 0, at, ageSeconds: 42, chains: 3, events: 18 },
      })
      // Nothing of the events themselves: no customer, no link, no key.
      expect(JSON.stringify(dto)).not.toMatch(/7701|[0-9a-f]{64}/)
    } finally {
      await ds.destroy()
      await db.drop()
    }
  })
})
