import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/main/store/data-source'
import { FakeClock } from '../../support/fake-clock'
import { auditFor } from '../../support/audit-service'
import { tempDir } from '../../support/temp-engine'

const dir = tempDir('teller-audit-path-')
afterAll(() => dir.cleanup())

type Conn = { run: (...a: unknown[]) => unknown; prepare: (...a: unknown[]) => unknown; exec: (...a: unknown[]) => unknown }

/**
 * Issue 15 (bench): the local append is the app's hottest write. One event is one execution of an
 * INSERT prepared once per connection: no prepare and finalize per event (two more trips to the
 * driver's thread pool each), and nothing else on the connection (no tail re-read, no PRAGMA).
 */
describe('the local audit append path', () => {
  it('runs one prepared INSERT per event and prepares it once', async () => {
    const ds = await openStore({ path: join(dir.path, 'path.sqlite') })
    const { audit } = await auditFor(ds, new FakeClock('2026-03-01T09:00:00.000Z'))
    await audit.record({ actorStaffId: null, workstation: 'ws', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: {} })
    const db = (ds.driver as unknown as { databaseConnection: Conn }).databaseConnection
    const calls: string[] = []
    for (const name of ['run', 'prepare', 'exec'] as const) {
      const own = db[name]
      db[name] = function (this: unknown, ...a: unknown[]) {
        calls.push(`${name} ${String(a[0]).slice(0, 30)}`)
        return own.apply(this, a)
      }
    }
    for (let i = 0; i < 20; i++) await audit.record({ actorStaffId: null, workstation: 'ws', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: { i } })
    expect(calls).toEqual([])
    const rows = (await ds.query('SELECT COUNT(*) AS n FROM audit_event')) as { n: number }[]
    expect(rows[0]!.n).toBe(21)
    expect((await audit.verifyChain()).ok).toBe(true)
    // The prepared statement is finalized when the store closes: SQLite would refuse to close otherwise.
    await ds.destroy()
    expect(ds.isInitialized).toBe(false)
  })

  it('after a failed insert the next event still appends and the chain verifies', async () => {
    const ds = await openStore({ path: join(dir.path, 'fail.sqlite') })
    const { audit } = await auditFor(ds, new FakeClock('2026-03-01T09:00:00.000Z'))
    const event = { actorStaffId: null, workstation: 'ws', customerRef: null, action: 'customer.signIn' as const, outcome: 'success' as const, details: {} }
    await audit.record(event)
    // Another writer takes the next seq behind the cache's back: the cached tail is stale, the insert fails once, is retried on a fresh tail.
    await ds.query(`INSERT INTO audit_event (seq, at, workstation, action, outcome, details, prev_hash, hash) SELECT seq + 1, at, workstation, action, outcome, details, hash, 'x' || hash FROM audit_event WHERE seq = 1`)
    await expect(audit.record({ ...event, outcome: 'failure' })).resolves.toMatchObject({ seq: 3 })
    await expect(audit.record(event)).resolves.toMatchObject({ seq: 4 })
    await ds.destroy()
  })
})
