import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { registerCustomer, TELLER } from '../../support/customers'

/**
 * Fault matrix, row "SQLite busy/locked by another process": another program (the sqlite3 shell,
 * as a backup or inspection tool would) holds the store. The app waits for its bounded busy
 * timeout, then refuses with STORE_BUSY; nothing is counted, nothing is sent, nothing is corrupted.
 */
const BUSY = { code: 'STORE_BUSY', message: 'The database is busy with another program. Nothing was changed; please try again in a moment.' }
const PHONE = '+77010000003'

/** The sqlite3 shell in another process running `sql`, kept open until released. */
async function holdWith(file: string, sql: string): Promise<{ release(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn('sqlite3', [file], { stdio: 'pipe' })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stdin.write(`${sql}\nSELECT 'holding';\n`)
  for (let i = 0; i < 200 && !out.includes('holding'); i++) await new Promise((r) => setTimeout(r, 25))
  if (!out.includes('holding')) throw new Error('the other process never took the store')
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve())
        child.stdin.end('ROLLBACK;\n.quit\n')
      }),
  }
}

async function count(t: TestEngine, table: string): Promise<number> {
  return Number(((await t.engine.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n)
}

describe('fault: SQLite busy or locked by another process', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine({ storeBusyTimeoutMs: 400 })
    await registerCustomer(t, PHONE, 'qwerty1!')
  })
  afterEach(async () => t.close())

  it('a writer holding the store: a bounded wait, then STORE_BUSY; no wrong password counted, no key sent; works once released; the file stays sound', async () => {
    const file = join(t.dataDir, STORE_FILE)
    const audit = await count(t, 'audit_event')
    const keys = await count(t, 'session_key')
    const sent = t.engine.outbox!.list().length
    const other = await holdWith(file, 'BEGIN IMMEDIATE;')
    try {
      const started = Date.now()
      await expect(t.engine.customers.signIn(PHONE, 'wrong-pass-1', TELLER)).rejects.toMatchObject(BUSY)
      const waited = Date.now() - started
      expect(waited).toBeGreaterThanOrEqual(350)
      expect(waited).toBeLessThan(5000)
      await expect(t.engine.customers.sendKey(PHONE, 'verify', TELLER)).rejects.toMatchObject(BUSY)
      await expect(t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.event', outcome: 'success' })).rejects.toMatchObject(BUSY)
    } finally {
      await other.release()
    }
    expect(t.engine.outbox!.list()).toHaveLength(sent)
    expect(await count(t, 'audit_event')).toBe(audit)
    expect(await count(t, 'session_key')).toBe(keys)
    const attempts = (await t.engine.ds.query('SELECT failed_attempts AS n FROM customer')) as { n: number }[]
    expect(attempts).toEqual([{ n: 0 }])
    // Released: the same operations work, and the wrong password counts once, from now.
    await expect(t.engine.customers.signIn(PHONE, 'wrong-pass-1', TELLER)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 2 } })
    await expect(t.engine.customers.sendKey(PHONE, 'verify', TELLER)).resolves.toMatchObject({ phone: PHONE })
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
    expect(await t.engine.ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  })

  it('a reader holding a snapshot while the WAL is checkpointed: writes go on, nothing is lost', async () => {
    const file = join(t.dataDir, STORE_FILE)
    const other = await holdWith(file, 'BEGIN; SELECT COUNT(*) FROM audit_event;')
    try {
      for (let i = 0; i < 20; i++) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', action: 'test.event', outcome: 'success', details: { i } })
      // A checkpoint cannot pass the reader's snapshot; it does what it can and nothing breaks.
      await t.engine.ds.query('PRAGMA wal_checkpoint(PASSIVE)')
      await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).resolves.toMatchObject({ phone: PHONE })
    } finally {
      await other.release()
    }
    await t.engine.ds.query('PRAGMA wal_checkpoint(TRUNCATE)')
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
    expect(await t.engine.ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  })
})
