import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { reopenEngine, tempDir } from '../../support/temp-engine'
import { FakeClock } from '../../support/fake-clock'

const PASSWORD = 'Staff-Password-2026'

describe('four-eyes requests survive a kill -9 (issue 13)', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('a pending request committed before the maker\'s process was killed is still there after a restart, and a second supervisor can approve it', async () => {
    // The maker itself (not an npx wrapper) receives the SIGKILL.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/approval-maker.ts', dir.path, PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const requestId = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the maker did not request:\n${out}`)), 60_000)
      child.on('exit', () => reject(new Error(`the maker exited without a pending request:\n${out}`)))
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        const m = /requested ([0-9a-f-]{36})/.exec(out)
        if (m) {
          clearTimeout(timer)
          child.kill('SIGKILL')
          resolve(m[1]!)
        }
      })
    })
    await new Promise((r) => child.on('exit', r))
    expect(child.signalCode).toBe('SIGKILL')

    const engine = await reopenEngine(dir.path, new FakeClock(new Date()))
    try {
      const [boss2] = (await engine.ds.query(`SELECT id FROM staff WHERE login = 'boss2'`)) as { id: string }[]
      const checker = { staffId: boss2!.id, workstation: 'ws-test-1' }
      expect(await engine.approvals.list(checker)).toMatchObject([{ id: requestId, kind: 'staff.createSupervisor', status: 'pending', makerLogin: 'chief', summary: { login: 'aliya' } }])
      expect(await engine.approvals.approve(requestId, 'New branch supervisor confirmed', { clientId: 'wc:boss2', actor: checker })).toMatchObject({ status: 'executed', checkerLogin: 'boss2' })
      expect(await engine.ds.query(`SELECT login, role FROM staff WHERE login = 'aliya'`)).toEqual([{ login: 'aliya', role: 'supervisor' }])
    } finally {
      await engine.close()
    }
  })
})
