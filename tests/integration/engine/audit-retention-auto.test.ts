import { createHash } from 'node:crypto'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/fake-clock'
import { reopenEngine, startTestEngine } from '../../support/temp-engine'

describe('audit retention runs by itself (S21, issue 14)', () => {
  it('at start: events older than 10 years are archived (folder 0700) and removed, the archive SHA-256 recorded in the chain', async () => {
    const clock = new FakeClock('2014-05-01T06:00:00.000Z')
    const t = await startTestEngine({}, { clock })
    for (let i = 0; i < 3; i++) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws-test-1', action: 'customer.signIn', outcome: 'success', details: { i } })
    await t.engine.close()
    clock.set('2026-03-10T04:00:00.000Z')
    const engine = await reopenEngine(t.dataDir, clock)
    try {
      await vi.waitFor(async () => {
        const rows = (await engine.ds.query(`SELECT details FROM audit_event WHERE action = 'audit.retention'`)) as { details: string }[]
        expect(rows).toHaveLength(1)
      })
      const details = JSON.parse(((await engine.ds.query(`SELECT details FROM audit_event WHERE action = 'audit.retention'`)) as { details: string }[])[0]!.details) as Record<string, unknown>
      expect(details).toMatchObject({ purged: 3, fromSeq: 1, toSeq: 3 })
      const archive = join(t.dataDir, 'audit-archive', 'audit-archive-1-3.sealed')
      expect(details.archiveSha256).toBe(createHash('sha256').update(readFileSync(archive)).digest('hex'))
      expect(statSync(join(t.dataDir, 'audit-archive')).mode & 0o777).toBe(0o700)
      expect(await engine.ds.query('SELECT seq FROM audit_event ORDER BY seq')).toEqual([{ seq: 4 }])
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true, count: 1, checkpoint: { size: 3 } })
    } finally {
      await engine.close()
      rmSync(t.dataDir, { recursive: true, force: true })
    }
  })

  it('nothing due: no archive, no event, at every start', async () => {
    const t = await startTestEngine()
    try {
      await t.engine.audit.record({ actorStaffId: null, workstation: 'ws-test-1', action: 'customer.signIn', outcome: 'success' })
      await t.engine.close()
      const engine = await reopenEngine(t.dataDir, t.clock)
      await engine.close()
      const again = await reopenEngine(t.dataDir, t.clock)
      expect(await again.ds.query('SELECT action FROM audit_event')).toEqual([{ action: 'customer.signIn' }])
      expect(() => statSync(join(t.dataDir, 'audit-archive'))).toThrow('ENOENT')
      await again.close()
    } finally {
      rmSync(t.dataDir, { recursive: true, force: true })
    }
  })
})
