import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { ErrorCode } from '../../../src/shared/errors'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

const PASSPHRASE = 'branch passphrase for the tests'
const PASSWORD = 'Staff-Password-2026'

/** Branch mode: two workstations (two engines, two connection pools) decide the same request at once. */
describe.skipIf(!adminPgUrl)('four-eyes approval across workstations on PostgreSQL (issue 13)', () => {
  const dirs = [tempDir('teller-4e-a-'), tempDir('teller-4e-b-')]
  let db: { url: string; drop(): Promise<void> }
  const engines: Engine[] = []

  beforeAll(async () => {
    db = await throwawayDatabase('teller_4eyes')
    for (const [i, dir] of dirs.entries()) {
      engines.push(
        await createEngine({
          config: {
            appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: `ws-${i}`, idleTimeoutSeconds: 300,
            database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: PASSPHRASE },
          },
          argon2: FAST_ARGON2,
        }),
      )
    }
  })
  afterAll(async () => {
    for (const e of engines) await e.close()
    await db.drop()
    for (const d of dirs) d.cleanup()
  })

  it('two supervisors approving from two workstations at once: one execution, one APPROVAL_DECIDED', async () => {
    const [a, b] = engines as [Engine, Engine]
    const ids: string[] = []
    for (const login of ['chief', 'boss2', 'boss3']) ids.push((await a.staff.create({ login, displayName: login, role: 'supervisor', password: PASSWORD }, { staffId: null, workstation: 'cli' })).id)
    const req = await a.approvals.request('staff.createSupervisor', { login: 'aliya', displayName: 'Aliya', passwordHash: await a.hasher.hash(PASSWORD) }, 'New supervisor', { staffId: ids[0]!, workstation: 'ws-0' })
    const results = await Promise.allSettled([
      a.approvals.approve(req.id, 'Approved at ws-0', { clientId: 'c0', actor: { staffId: ids[1]!, workstation: 'ws-0' } }),
      b.approvals.approve(req.id, 'Approved at ws-1', { clientId: 'c1', actor: { staffId: ids[2]!, workstation: 'ws-1' } }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === ErrorCode.APPROVAL_DECIDED)).toHaveLength(1)
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM staff WHERE login = 'aliya'`)).toEqual([{ n: 1 }])
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'approval.executed'`)).toEqual([{ n: 1 }])
    expect(await b.ds.query(`SELECT status FROM approval_request`)).toEqual([{ status: 'executed' }])
    // Self-approval is refused from another workstation too.
    const own = await b.approvals.request('staff.createSupervisor', { login: 'zhan', displayName: 'Zhan', passwordHash: await b.hasher.hash(PASSWORD) }, 'Another one', { staffId: ids[2]!, workstation: 'ws-1' })
    await expect(a.approvals.approve(own.id, 'Me again', { clientId: 'c0', actor: { staffId: ids[2]!, workstation: 'ws-0' } })).rejects.toMatchObject({ code: ErrorCode.APPROVAL_SELF })
  })
})
