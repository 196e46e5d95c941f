import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { buildEvent, type AuditInput } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditService } from '../../../src/main/engine/audit/audit.service'
import { FileWitness } from '../../../src/main/engine/audit/file-witness'
import type { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { auditFor } from '../../support/audit-service'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { tempDir } from '../../support/temp-engine'

/**
 * Issue 14, retention (S21) on a branch PostgreSQL: the events' times are the server's, so the
 * 10 years are counted on the server's clock, whatever the workstation's clock says; two
 * workstations running retention at once remove each event once.
 */
const DAY = 86_400_000
const input = (ws: string, i: number): AuditInput => ({ actorStaffId: null, workstation: ws, customerRef: null, action: 'customer.lookup', outcome: 'success', details: { i } })

describe.skipIf(!adminPgUrl)('audit retention on PostgreSQL: the server\'s clock, one purge at a time (issue 14, S21)', () => {
  const dir = tempDir('teller-retpg-')
  let db: { url: string; drop(): Promise<void> }
  let open: DataSource[] = []
  let tenYearsAgo: Date

  async function station(name: string, clock: FakeClock): Promise<{ ds: DataSource; audit: AuditService; keys: KeyRing }> {
    const ds = await openBranchStore({ url: db.url })
    open.push(ds)
    const { audit, keys } = await auditFor(ds, clock, new FileWitness(join(dir.path, `${db.url.split('/').pop()}-${name}.jsonl`)))
    return { ds, audit, keys }
  }

  /** An event of `ws`'s chain recorded at `at` (as if the server's clock had said so then). */
  async function appendAt(s: { audit: AuditService; keys: KeyRing; ds: DataSource }, ws: string, i: number, at: Date): Promise<void> {
    const pkey = await s.audit.sealer.pseudonymKey()
    await new SqlUnitOfWork(s.ds).serial((repos) => repos.audit.append((prev) => buildEvent(s.audit.sealer.seal(input(ws, i), prev.seq + 1, pkey), prev, at.toISOString(), s.keys.chainKey()), ws))
  }

  const actions = async (ds: DataSource) => ((await ds.query(`SELECT action FROM audit_event ORDER BY seq`)) as { action: string }[]).map((r) => r.action)

  beforeEach(async () => {
    db = await throwawayDatabase('teller_retpg')
    const serverNow = new Date(((await (await station('probe', new FakeClock())).ds.query('SELECT now() AS now')) as { now: Date }[])[0]!.now)
    tenYearsAgo = new Date(serverNow)
    tenYearsAgo.setUTCFullYear(tenYearsAgo.getUTCFullYear() - 10)
  })
  afterEach(async () => {
    for (const ds of open) await ds.destroy()
    open = []
    await db.drop()
  })
  afterAll(() => dir.cleanup())

  it('a workstation clock a day ahead: only what the server counts as 10 years old is removed', async () => {
    const ahead = new FakeClock(new Date(Date.now() + DAY))
    const s = await station('ws-a', ahead)
    await appendAt(s, 'ws-a', 1, new Date(tenYearsAgo.getTime() - 2 * DAY))
    await appendAt(s, 'ws-a', 2, new Date(tenYearsAgo.getTime() + DAY / 2))
    await s.audit.record(input('ws-a', 3))
    await expect(s.audit.retentionIfDue(join(dir.path, 'ahead'), { staffId: null, workstation: 'ws-a' })).resolves.toMatchObject({ purged: 1 })
    expect(await actions(s.ds)).toEqual(['customer.lookup', 'customer.lookup', 'audit.retention'])
    expect(await s.audit.verifyChain()).toMatchObject({ ok: true, count: 3 })
  })

  it('a workstation clock a day behind still removes what the server counts as 10 years old', async () => {
    const behind = new FakeClock(new Date(Date.now() - DAY))
    const s = await station('ws-a', behind)
    await appendAt(s, 'ws-a', 1, new Date(tenYearsAgo.getTime() - DAY / 2))
    await s.audit.record(input('ws-a', 2))
    await expect(s.audit.retentionIfDue(join(dir.path, 'behind'), { staffId: null, workstation: 'ws-a' })).resolves.toMatchObject({ purged: 1 })
    expect(await actions(s.ds)).toEqual(['customer.lookup', 'audit.retention'])
    expect(await s.audit.verifyChain()).toMatchObject({ ok: true, count: 2 })
  })

  it('two workstations running retention at once: every old event removed once, the chains verify', async () => {
    const clock = new FakeClock(new Date())
    const [a, b] = [await station('ws-a', clock), await station('ws-b', clock)]
    for (let i = 0; i < 6; i++) await appendAt(i % 2 ? b : a, i % 2 ? 'ws-b' : 'ws-a', i, new Date(tenYearsAgo.getTime() - DAY + i * 1000))
    const runs = await Promise.allSettled([a, b].map((s, k) => s.audit.retention(join(dir.path, `both-${k}`), { staffId: null, workstation: k ? 'ws-b' : 'ws-a' })))
    const purged = runs.map((r) => (r.status === 'fulfilled' ? r.value.purged : 0))
    expect(purged.sort()).toEqual([0, 6])
    for (const r of runs) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/audit retention refused/)
    expect(await a.ds.query(`SELECT COUNT(*)::int AS n FROM audit_event WHERE action <> 'audit.retention'`)).toEqual([{ n: 0 }])
    expect(await a.ds.query(`SELECT workstation, last_chain_seq FROM audit_chain_anchor ORDER BY workstation`)).toEqual([{ workstation: 'ws-a', last_chain_seq: 3 }, { workstation: 'ws-b', last_chain_seq: 3 }])
    await a.audit.record(input('ws-b', 9))
    await b.audit.record(input('ws-b', 10))
    await a.audit.checkpointNow()
    await b.audit.checkpointNow()
    expect(await a.audit.verifyChain()).toMatchObject({ ok: true })
    expect(await b.audit.verifyChain()).toMatchObject({ ok: true })
  })
})
