import { spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { backupStore, restoreStore } from '../../../src/main/app/backup'
import { loadConfig } from '../../../src/main/app/config'
import { reopenEngine, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import { registerCustomer, registeredName } from '../../support/customers'

/**
 * Rollback (issue 17): a backup older than the latest witnessed audit checkpoint is reported by
 * `admin restore` as a rollback and refused unless acknowledged; an acknowledged restore signs a
 * "restored to event #N by <admin>" line into the witness (and audits it), after which the chain
 * verifies as ok-with-acknowledged-rollback and retention works again, while an unacknowledged
 * rollback (an old file copied in place) is still caught.
 */
const configFor = (dataDir: string, auditWitness: string) =>
  loadConfig({}, { appVersion: 't', shell: 'browser', dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300, auditWitness })
const countOf = async (e: { ds: { query(q: string): Promise<unknown> } }, table: string) => Number(((await e.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n)

describe('restore of a backup older than the witness', () => {
  let t: TestEngine
  let out: { path: string; cleanup(): void }
  let witnessDir: { path: string; cleanup(): void }
  let auditWitness: string
  let backup: string
  let witnessedBefore: number
  beforeEach(async () => {
    out = tempDir('teller-backups-')
    witnessDir = tempDir('teller-witness-')
    auditWitness = join(witnessDir.path, 'witness.jsonl')
    t = await startTestEngine({ auditWitness })
    await registerCustomer(t, '+77010000030', 'qwerty1!', 'Before Backup')
    backup = await backupStore(t.engine, out.path)
    await registerCustomer(t, '+77010000031', 'qwerty1!', 'After Backup')
    witnessedBefore = await countOf(t.engine, 'audit_event')
    await t.engine.close() // writes the last checkpoint: the witness has seen every event
  })
  afterEach(async () => {
    await t.close().catch(() => undefined)
    out.cleanup()
    witnessDir.cleanup()
  })

  it('is reported as a rollback and refused without acknowledgement; the live store and the witness stay as they were', async () => {
    const live = readFileSync(join(t.dataDir, STORE_FILE))
    const witness = readFileSync(auditWitness)
    const refused = restoreStore(configFor(t.dataDir, auditWitness), backup)
    await expect(refused).rejects.toThrow(new RegExp(`ROLLBACK: .*event #\\d+.*witness .*#${witnessedBefore}`))
    await expect(refused).rejects.toMatchObject({ name: 'RestoreRollbackError', witnessedSize: witnessedBefore })
    expect(readFileSync(join(t.dataDir, STORE_FILE)).equals(live)).toBe(true)
    expect(readFileSync(auditWitness).equals(witness)).toBe(true)
  })

  it('acknowledged: signed into the witness and audited; verify is ok with the rollback named, retention runs, and an old file copied in later is still caught', async () => {
    const report = await restoreStore(configFor(t.dataDir, auditWitness), backup, { acceptRollback: true, by: 'chief.admin' })
    expect(report.rollback).toMatchObject({ from: witnessedBefore, by: 'chief.admin' })
    const restoredTo = report.rollback!.to
    expect(restoredTo).toBeLessThan(witnessedBefore)
    const lastLine = JSON.parse(readFileSync(auditWitness, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>
    expect(lastLine).toMatchObject({ kind: 'restore', size: restoredTo, from: witnessedBefore, by: 'chief.admin', sig: expect.any(String) })

    let engine = await reopenEngine(t.dataDir, t.clock, { config: configFor(t.dataDir, auditWitness) })
    try {
      expect(await registeredName(engine, '+77010000031')).toBeNull()
      const verdict = await engine.audit.verifyChain()
      expect(verdict).toMatchObject({ ok: true, rollbacks: [{ from: witnessedBefore, to: restoredTo, by: 'chief.admin' }] })
      const restoreEvents = (await engine.auditReview.search({ action: 'store.restore' }, null)).rows
      expect(restoreEvents).toHaveLength(1)
      expect(JSON.stringify(restoreEvents[0])).toContain(`"rolledBackFrom":${witnessedBefore}`)
      // The restored store goes on recording past the old, superseded checkpoints.
      await registerCustomer({ ...t, engine }, '+77010000032', 'qwerty1!', 'After Restore')
    } finally {
      await engine.close()
    }
    engine = await reopenEngine(t.dataDir, t.clock, { config: configFor(t.dataDir, auditWitness) })
    try {
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
      const archive = tempDir('teller-archive-')
      try {
        await expect(engine.audit.retention(archive.path, { staffId: null, workstation: 'ws-test-1' })).resolves.toMatchObject({ purged: 0 })
      } finally {
        archive.cleanup()
      }
    } finally {
      await engine.close()
    }

    // Someone copies the old backup in place again, without admin restore: not acknowledged.
    for (const ext of ['-wal', '-shm']) rmSync(join(t.dataDir, STORE_FILE + ext), { force: true })
    copyFileSync(backup, join(t.dataDir, STORE_FILE))
    engine = await reopenEngine(t.dataDir, t.clock, { config: configFor(t.dataDir, auditWitness) })
    try {
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: false })
    } finally {
      await engine.close()
    }
  })

  it('a forged acknowledgement (not signed by the store) does not hide the rollback', async () => {
    for (const ext of ['-wal', '-shm']) rmSync(join(t.dataDir, STORE_FILE + ext), { force: true })
    copyFileSync(backup, join(t.dataDir, STORE_FILE))
    const lines = readFileSync(auditWitness, 'utf8').trim().split('\n')
    const first = JSON.parse(lines[0]!) as { head: string; keyedFrom: number; sig: string }
    writeFileSync(auditWitness, `${lines.join('\n')}\n${JSON.stringify({ kind: 'restore', size: first.keyedFrom + 1, head: first.head, keyedFrom: first.keyedFrom, from: witnessedBefore, at: new Date().toISOString(), by: 'mallory', sig: first.sig })}\n`)
    const engine = await reopenEngine(t.dataDir, t.clock, { config: configFor(t.dataDir, auditWitness) })
    try {
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: false })
    } finally {
      await engine.close()
    }
  })
})

describe('admin restore of an older backup (the command line)', () => {
  const dir = tempDir('teller-cli-rollback-')
  const witness = tempDir('teller-cli-witness-')
  const backups = tempDir('teller-cli-backups-')
  const admin = (args: string[], stdin = '') => {
    const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], {
      input: stdin,
      env: { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_AUDIT_WITNESS: join(witness.path, 'witness.jsonl') },
      encoding: 'utf8',
    })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }

  it('says ROLLBACK and exits 3 without --accept-rollback; with it, restores and verify names the acknowledged rollback', () => {
    try {
      expect(admin(['create-staff', '--login', 'chief', '--name', 'Chief', '--role', 'supervisor'], 'Teller-Password-1\n').code).toBe(0)
      const backedUp = admin(['backup', backups.path])
      expect(backedUp.code).toBe(0)
      const file = /backup written: (.+)$/m.exec(backedUp.out)![1]!.trim()
      expect(admin(['create-staff', '--login', 'later', '--name', 'Later', '--role', 'teller'], 'Teller-Password-1\n').code).toBe(0)

      const refused = admin(['restore', file])
      expect(refused.code).toBe(3)
      expect(refused.err).toMatch(/ROLLBACK: this backup ends at audit event #\d+, but the audit witness has vouched for events up to #\d+.*--accept-rollback/)
      expect(admin(['status']).out).toContain('staff 2')

      const accepted = admin(['restore', file, '--accept-rollback', '--by', 'chief'])
      expect(accepted.code).toBe(0)
      expect(accepted.out).toMatch(/ROLLBACK acknowledged: .*restored by chief/)
      expect(admin(['status']).out).toContain('staff 1')
      const verified = admin(['audit', 'verify'])
      expect(verified.code).toBe(0)
      expect(verified.out).toMatch(/audit chain intact: .*acknowledged rollback: restored to event #\d+ at .* by chief/)
    } finally {
      dir.cleanup()
      witness.cleanup()
      backups.cleanup()
    }
  }, 120_000)
})
