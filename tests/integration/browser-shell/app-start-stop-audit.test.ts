import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataSource } from 'typeorm'
import { tempDir } from '../../support/temp-engine'

// Issue 14 (S21, PCI DSS 10.2.1.6): the application's start and stop are in the audit trail.
// The real entry point (`npm start` without Electron), started and stopped as an operator would.

const dir = tempDir('teller-start-stop-')
afterAll(() => dir.cleanup())

function runOnce(): Promise<string> {
  const child = spawn('node_modules/.bin/tsx', ['src/browser-shell/main.ts', '--no-open'], {
    env: { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_WORKSTATION: 'ws-start' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((ok, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('Press Ctrl+C to stop.')) child.kill('SIGTERM')
    })
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`shell exited ${code}:\n${out}`))))
  })
}

describe('application start and stop are audited (issue 14)', () => {
  it('two runs leave start, stop, start, stop, by the workstation, with the version, shell and mode', async () => {
    await runOnce()
    await runOnce()
    const ds = new DataSource({ type: 'sqlite', database: join(dir.path, 'teller.sqlite') })
    await ds.initialize()
    try {
      const rows = (await ds.query(`SELECT action, workstation, details FROM audit_event WHERE action IN ('app.start', 'app.stop') ORDER BY seq`)) as { action: string; workstation: string; details: string | null }[]
      expect(rows.map((r) => r.action)).toEqual(['app.start', 'app.stop', 'app.start', 'app.stop'])
      expect(rows.every((r) => r.workstation === 'ws-start')).toBe(true)
      expect(JSON.parse(rows[0]!.details!)).toMatchObject({ shell: 'browser', mode: 'development', version: expect.any(String) })
    } finally {
      await ds.destroy()
    }
  }, 120_000)
})
