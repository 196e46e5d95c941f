import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
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
 * Issue 14: `npm run admin -- audit verify` on a branch store (one chain per workstation) names the
 * broken chains, each by workstation and place, and prints the checkpoint status: the last witnessed
 * checkpoint, its age, and how many workstation chains it covers.
 */
const PASSPHRASE = 'audit-test-passphrase-0123'
const ev = (ws: string, i: number) => ({ actorStaffId: null, workstation: ws, action: 'customer.signIn', outcome: 'success' as const, details: { i } })

describe.skipIf(!adminPgUrl)('admin audit verify on a branch store (issue 14)', () => {
  const dir = tempDir('teller-cli-verify-')
  const witness = join(dir.path, 'witness.jsonl')
  afterAll(() => dir.cleanup())

  function admin(dbUrl: string, args: string[]) {
    const env = { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_DB_URL: dbUrl, TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: PASSPHRASE, TELLER_AUDIT_WITNESS: witness }
    const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], { env, encoding: 'utf8' })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }

  it('prints the checkpoint status with its workstation chains, then names each broken chain and its place', async () => {
    const db = await throwawayDatabase('teller_cli_verify')
    const ds = await openBranchStore({ url: db.url })
    try {
      const uow = new SqlUnitOfWork(ds)
      const keys = await KeyRing.open(uow, new PassphraseKek(PASSPHRASE), new FakeClock())
      const audit = new AuditService(uow, new FakeClock(), keys, new FileWitness(witness))
      for (const ws of ['ws-a', 'ws-b', 'ws-c']) for (let i = 0; i < 6; i++) await audit.record(ev(ws, i))
      await audit.checkpointNow()

      const intact = admin(db.url, ['audit', 'verify'])
      expect(intact.err).toBe('')
      expect(intact.code).toBe(0)
      expect(intact.out).toMatch(/audit chain intact: \d+ events; last witnessed checkpoint: event #\d+ at \S+ \(\d+ s ago\), covering 3 workstation chains \(18 events in all\)/)

      const triggers = (await ds.query(`SELECT tgname, tgrelid::regclass::text AS t FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'audit%'`)) as { tgname: string; t: string }[]
      for (const t of triggers) await ds.query(`DROP TRIGGER ${t.tgname} ON ${t.t}`)
      const seqOf = async (ws: string, place: number) => ((await ds.query(`SELECT seq FROM audit_event WHERE workstation = $1 AND chain_seq = $2`, [ws, place])) as { seq: number }[])[0]!.seq
      const [b2, c4] = [await seqOf('ws-b', 2), await seqOf('ws-c', 4)]
      await ds.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq IN ($1, $2)`, [b2, c4])

      const broken = admin(db.url, ['audit', 'verify'])
      expect(broken.code).toBe(1)
      expect(broken.err).toContain(`audit chain BROKEN at event #${b2} in workstation chain ws-b, place 2 (the event does not follow its predecessor under its key`)
      expect(broken.err).toContain(`chain ws-b: first bad event #${b2}, place 2 in its chain`)
      expect(broken.err).toContain(`chain ws-c: first bad event #${c4}, place 4 in its chain`)
      // The CLI's own run was witnessed on its way out: the checkpoint now covers its chain too.
      expect(broken.err).toMatch(/last witnessed checkpoint: event #\d+ at \S+ \(\d+ s ago\), covering 4 workstation chains/)
    } finally {
      await ds.destroy()
      await db.drop()
    }
  }, 240_000)
})
