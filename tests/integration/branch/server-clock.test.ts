import { uptime } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { TrustedClock } from '../../../src/main/engine/kernel/trusted-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

/**
 * Issue 14, branch mode: event times come from the database server's clock, so a workstation with
 * a wrong clock cannot back-date (or post-date) events; a workstation clock more than 5 s off the
 * server's is an alert in the trail, once per episode, and on the supervisor's clock panel.
 * The workstation's clock is injected: the engine's trusted clock over a wall clock 60 s slow.
 */
const PASSPHRASE = 'branch passphrase for the tests'
const slowWall = (ms: number) => new TrustedClock({ wallMs: () => Date.now() - ms, monoNs: () => process.hrtime.bigint(), bootMs: () => uptime() * 1000 })

describe.skipIf(!adminPgUrl)('branch mode: event times from the server, workstation clock skew alerted (issue 14)', () => {
  const dir = tempDir('teller-skew-')
  let db: { url: string; drop(): Promise<void> }
  const engines: Engine[] = []
  const start = async (clock: TrustedClock, workstation: string) => {
    const engine = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation, idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: PASSPHRASE },
      },
      clock,
      argon2: FAST_ARGON2,
    })
    engines.push(engine)
    return engine
  }
  const eventsOf = async (engine: Engine, action: string) =>
    (await engine.ds.query(`SELECT seq, at, workstation, details FROM audit_event WHERE action = $1 ORDER BY seq`, [action])) as { seq: string; at: string; workstation: string; details: string }[]

  beforeAll(async () => {
    db = await throwawayDatabase('teller_skew')
  }, 60_000)
  afterAll(async () => {
    for (const e of engines) await e.close()
    await db?.drop()
    dir.cleanup()
  })

  it('a workstation 60 s slow records its events at the server\'s time, and one alert for the whole episode', async () => {
    const engine = await start(slowWall(60_000), 'ws-slow')
    const before = Date.now()
    const rows = []
    for (let i = 0; i < 5; i++) rows.push(await engine.audit.record({ actorStaffId: null, workstation: 'ws-slow', action: 'customer.lookup', outcome: 'success', details: { i } }))
    const after = Date.now()
    for (const r of rows) {
      // The server runs on this machine's clock; the workstation's clock is a minute behind it.
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(before - 1000)
      expect(Date.parse(r.at)).toBeLessThanOrEqual(after + 1000)
    }
    // The alert is recorded beside the event that showed the skew, not instead of it.
    await expect.poll(async () => (await eventsOf(engine, 'clock.serverSkew')).length).toBe(1)
    await engine.audit.record({ actorStaffId: null, workstation: 'ws-slow', action: 'customer.lookup', outcome: 'success', details: { i: 5 } })
    const alerts = await eventsOf(engine, 'clock.serverSkew')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.workstation).toBe('ws-slow')
    const details = JSON.parse(alerts[0]!.details) as { offsetMs: number }
    expect(details.offsetMs).toBeLessThan(-55_000)
    expect(details.offsetMs).toBeGreaterThan(-65_000)
    // The supervisor's clock panel (system status) shows the skew against the server.
    const status = engine.gate.clockStatus()
    expect(status?.server).toMatchObject({ alert: true })
    expect(status!.server!.skewMs).toBeLessThan(-55_000)
    // The whole chain, alert included, verifies.
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('a workstation within 5 s of the server raises no alert', async () => {
    const engine = await start(slowWall(1_000), 'ws-ok')
    await engine.audit.record({ actorStaffId: null, workstation: 'ws-ok', action: 'customer.lookup', outcome: 'success', details: { i: 1 } })
    expect((await eventsOf(engine, 'clock.serverSkew')).filter((a) => a.workstation === 'ws-ok')).toHaveLength(0)
    expect(engine.gate.clockStatus()?.server).toMatchObject({ alert: false })
  })
})
