import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { backupStore, restoreStore } from '../../../src/main/app/backup'
import { loadConfig } from '../../../src/main/app/config'
import { reopenEngine, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import { registerCustomer, registeredName } from '../../support/customers'

/**
 * Backup and restore (issue 17): `admin backup DIR` is an online, consistent copy (VACUUM INTO),
 * 0600 in a 0700 folder; `admin restore FILE` checks the copy (integrity, audit chain, key-ring
 * match) before it replaces the store, and leaves the store untouched when any check fails.
 */
const configFor = (dataDir: string) => loadConfig({}, { appVersion: 't', shell: 'browser', dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300 })
const countOf = async (t: { ds: { query(q: string): Promise<unknown> } }, table: string) => Number(((await t.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n)

describe('backup and restore', () => {
  let t: TestEngine
  let out: { path: string; cleanup(): void }
  beforeEach(async () => {
    t = await startTestEngine()
    out = tempDir('teller-backups-')
  })
  afterEach(async () => {
    await t.close().catch(() => undefined)
    out.cleanup()
  })

  it('backs up online (0600 in 0700), and a restore brings back exactly the backed-up store', async () => {
    await registerCustomer(t, '+77010000010', 'qwerty1!', 'Before Backup')
    const dir = join(out.path, 'nested')
    const file = await backupStore(t.engine, dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const customersAtBackup = await countOf(t.engine, 'customer')
    const auditAtBackup = await countOf(t.engine, 'audit_event')
    await registerCustomer(t, '+77010000011', 'qwerty1!', 'After Backup')
    await t.engine.close()

    // The witness (here the development one in the data folder) saw the events after the backup:
    // a rollback, which the administrator acknowledges (restore-rollback.test.ts: refused without).
    const report = await restoreStore(configFor(t.dataDir), file, { acceptRollback: true, by: 'admin' })
    expect(report).toMatchObject({ customers: customersAtBackup, rollback: { by: 'admin' } })
    const engine = await reopenEngine(t.dataDir, t.clock)
    try {
      expect(await registeredName(engine, '+77010000010')).toBe('Before Backup')
      expect(await registeredName(engine, '+77010000011')).toBeNull()
      // The acknowledged rollback is named by verification instead of passing silently.
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true, rollbacks: [{ by: 'admin' }] })
      // The backup's events (its own store.backup among them), plus the restore.
      expect(await countOf(engine, 'audit_event')).toBe(auditAtBackup + 1)
      expect((await engine.auditReview.search({ action: 'store.restore' }, null)).rows).toHaveLength(1)
      expect(statSync(join(t.dataDir, STORE_FILE)).mode & 0o777).toBe(0o600)
    } finally {
      await engine.close()
    }
  })

  it('refuses a copy whose audit chain was tampered with, a damaged copy, and a copy of another install; the store stays as it was', async () => {
    await registerCustomer(t, '+77010000012', 'qwerty1!', 'Kept Customer')
    const good = await backupStore(t.engine, out.path)
    await t.engine.close()
    const live = readFileSync(join(t.dataDir, STORE_FILE))

    // One audit row's text changed in the copy (same length, so the file stays sound).
    const tampered = join(out.path, 'tampered.sqlite')
    const bytes = readFileSync(good)
    const at = bytes.indexOf(Buffer.from('customer.register'))
    expect(at).toBeGreaterThan(0)
    bytes.write('customer.rEgister', at)
    const fd = openSync(tampered, 'wx', 0o600)
    writeSync(fd, bytes)
    closeSync(fd)
    await expect(restoreStore(configFor(t.dataDir), tampered)).rejects.toThrow(/audit chain .*broken/i)

    // A damaged page header.
    const damaged = join(out.path, 'damaged.sqlite')
    const d = Buffer.from(readFileSync(good))
    d[0] = d[0]! ^ 0xff
    const fd2 = openSync(damaged, 'wx', 0o600)
    writeSync(fd2, d)
    closeSync(fd2)
    await expect(restoreStore(configFor(t.dataDir), damaged)).rejects.toThrow(/damaged/)

    // Another install's backup: its data keys are wrapped by a key this workstation does not hold.
    const other = await startTestEngine({ keyMode: { mode: 'dev-file' } })
    const foreign = await backupStore(other.engine, out.path)
    await other.close()
    await expect(restoreStore(configFor(t.dataDir), foreign)).rejects.toThrow(/key/i)

    expect(readFileSync(join(t.dataDir, STORE_FILE)).equals(live)).toBe(true)
    expect(existsSync(join(t.dataDir, `${STORE_FILE}-wal`)) && statSync(join(t.dataDir, `${STORE_FILE}-wal`)).size > 0).toBe(false)
    const engine = await reopenEngine(t.dataDir, t.clock)
    expect(await registeredName(engine, '+77010000012')).toBe('Kept Customer')
    await engine.close()
  })

  it('a backup older than the witness (an external one, as in production) can still be restored, acknowledged; the store then reports the rollback', async () => {
    await t.close()
    const witnessDir = tempDir('teller-witness-')
    const auditWitness = join(witnessDir.path, 'witness.jsonl')
    t = await startTestEngine({ auditWitness })
    try {
      await registerCustomer(t, '+77010000020', 'qwerty1!', 'Before Backup')
      const file = await backupStore(t.engine, out.path)
      await registerCustomer(t, '+77010000021', 'qwerty1!', 'After Backup')
      await t.engine.close()
      await expect(restoreStore({ ...configFor(t.dataDir), auditWitness }, file)).rejects.toThrow(/ROLLBACK/)
      await expect(restoreStore({ ...configFor(t.dataDir), auditWitness }, file, { acceptRollback: true })).resolves.toMatchObject({ replaced: expect.stringContaining('.replaced-') })
      const engine = await reopenEngine(t.dataDir, t.clock, { config: { ...configFor(t.dataDir), auditWitness } })
      try {
        expect(await registeredName(engine, '+77010000020')).toBe('Before Backup')
        expect(await registeredName(engine, '+77010000021')).toBeNull()
        expect(await engine.audit.verifyChain()).toMatchObject({ ok: true, rollbacks: [{ to: expect.any(Number) }] })
      } finally {
        await engine.close()
      }
    } finally {
      witnessDir.cleanup()
    }
  })
})
