import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { randomBytes } from 'node:crypto'
import { copyFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DEV_KEY_FILE } from '../engine/crypto/dev-file-kek'
import { runningApp } from './app-lock'
import type { AppConfig } from './config'
import { createEngine, STORE_FILE, type Engine } from './composition-root'
import { configuredWitness } from './audit-witness'
import type { Witness } from '../engine/audit/witness'
import { assertStoreIntact } from '../store/integrity'

const actor = (engine: Engine) => ({ actorStaffId: null, workstation: engine.config.workstation })

/**
 * `admin backup DIR`: an online, consistent copy of the local store (SQLite VACUUM INTO, run in the
 * store's serial queue so no transaction is half in it), written 0600 into a 0700 folder. The backup
 * is audited first, so the copy carries its own event. Branch mode is backed up with pg_dump.
 */
export async function backupStore(engine: Engine, dir: string): Promise<string> {
  if (engine.config.database) throw new Error('Branch mode: back up the branch database with pg_dump (README, "When things go wrong").')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const st = statSync(dir)
  if ((st.mode & 0o077) !== 0) throw new Error(`${dir} can be read by other users: chmod 700 it first (backups hold customer data).`)
  const file = join(dir, `teller-${engine.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.sqlite`)
  // VACUUM INTO writes into an empty file: created here first, so it is 0600 from the start.
  closeSync(openSync(file, 'wx', 0o600))
  try {
    await engine.audit.record({ ...actor(engine), action: 'store.backup', outcome: 'success', details: { file: basename(file) } })
    await engine.uow.serial(async () => {
      await engine.ds.query('VACUUM INTO ?', [file])
    })
  } catch (e) {
    rmSync(file, { force: true })
    throw e
  }
  return file
}

/** What `admin restore` says about a copy older than the audit witness (a rollback). */
export class RestoreRollbackError extends Error {
  override name = 'RestoreRollbackError'
  constructor(
    readonly restoredTo: number,
    readonly witnessedSize: number,
    readonly witnessedAt: string,
  ) {
    super(
      `ROLLBACK: this backup ends at audit event #${restoredTo}, but the audit witness has vouched for events up to #${witnessedSize} (checkpoint at ${witnessedAt}): ` +
        `restoring it would lose events #${restoredTo + 1}..#${witnessedSize}. Nothing was changed. If this is intended (the current store is lost or damaged), ` +
        'run the restore again with --accept-rollback: the rollback is then signed into the witness and audited, and `audit verify` reports it as acknowledged.',
    )
  }
}

export interface RestoreOptions {
  /** The administrator accepts that the copy is older than the witness (a rollback). */
  acceptRollback?: boolean
  /** Who accepts it, for the signed acknowledgement (default: the operating-system user). */
  by?: string
}

export interface RestoreReport {
  customers: number
  auditEvents: number
  replaced: string | null
  /** An acknowledged rollback: the witness had vouched for `from` events, the restored chain has `to`. */
  rollback: { from: number; to: number; by: string } | null
}

/**
 * `admin restore FILE` (the app stopped): the copy is checked before it is used: SQLite integrity,
 * opened by a full engine in a scratch folder (the key ring must unwrap with this workstation's
 * key: a copy of another install is refused), and its audit chain must verify. Only then is the
 * live store set aside (`teller.sqlite.replaced-<time>`) and the checked copy moved in. A copy
 * older than the live audit witness is a rollback: `RestoreRollbackError` unless `acceptRollback`.
 * Any refusal leaves the live store and the witness untouched.
 */
export async function restoreStore(config: AppConfig, file: string, opts: RestoreOptions = {}): Promise<RestoreReport> {
  if (config.database) throw new Error('Branch mode: restore the branch database with pg_restore (README, "When things go wrong").')
  const pid = runningApp(config.dataDir)
  if (pid !== null) throw new Error(`The app is running on this data folder (pid ${pid}). Stop it before restoring.`)
  if (opts.by !== undefined && !/^[\p{L}\p{N} ._@-]{1,64}$/u.test(opts.by)) throw new Error('--by takes a name of 1 to 64 letters, digits, spaces, dots, dashes, underscores or @.')
  await assertStoreIntact(file)
  let liveWitness: Witness | null = null
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const scratch = mkdtempSync(join(config.dataDir, 'restore-'))
  let scratchWitness: string | null = null
  try {
    const candidate = join(scratch, STORE_FILE)
    closeSync(openSync(candidate, 'wx', 0o600))
    await copyFile(file, candidate)
    chmodSync(candidate, 0o600)
    // A development store's key file goes along, or the copy's keys could not be unwrapped.
    const devKey = join(config.dataDir, DEV_KEY_FILE)
    if (existsSync(devKey)) copyFileSync(devKey, join(scratch, DEV_KEY_FILE))
    // The copy is checked against its own chain and the key ring, with a witness of its own; then
    // against the live witness, which has seen the events after the backup: a rollback, refused
    // unless the administrator accepts it (then signed into the witness, see recordRestore).
    const witnessDir = mkdtempSync(join(tmpdir(), 'teller-restore-witness-'))
    scratchWitness = witnessDir
    const engine = await createEngine({ config: { ...config, dataDir: scratch, auditWitness: join(witnessDir, 'witness.jsonl'), auditWitnessPg: undefined } })
    let summary: Omit<RestoreReport, 'replaced'>
    try {
      const chain = await engine.audit.verifyChain()
      if (!chain.ok) throw new Error(`The backup's audit chain is broken at event #${chain.brokenAt}: it was altered; restore refused.`)
      // Then against the live witness: a copy older than what it vouched for is a rollback.
      liveWitness = await configuredWitness(config, engine.keys)
      const against = await engine.audit.verifyAgainst(liveWitness)
      let rollback: { from: number; by: string } | null = null
      if (!against.ok) {
        const tail = against.reason === 'missing' ? await engine.audit.witnessedTail(liveWitness) : null
        if (!tail) throw new Error(`The backup does not match the audit witness ${liveWitness.where} (${against.reason} at event #${against.brokenAt}): it is not an earlier state of this store; restore refused.`)
        if (!opts.acceptRollback) throw new RestoreRollbackError(against.brokenAt - 1, tail.size, tail.at)
        rollback = { from: tail.size, by: opts.by ?? userInfo().username }
      }
      const customers = Number(((await engine.ds.query('SELECT COUNT(*) AS n FROM customer')) as { n: number }[])[0]!.n)
      const done = await engine.audit.recordRestore(liveWitness, { file: basename(file), auditEvents: chain.count, rollback }, { staffId: null, workstation: engine.config.workstation })
      summary = { customers, auditEvents: chain.count + 1, rollback: rollback ? { ...rollback, to: done.seq } : null }
    } finally {
      await engine.close()
    }
    const live = join(config.dataDir, STORE_FILE)
    let replaced: string | null = null
    if (existsSync(live)) {
      replaced = `${live}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`
      renameSync(live, replaced)
      for (const ext of ['-wal', '-shm']) if (existsSync(live + ext)) renameSync(live + ext, replaced + ext)
    }
    renameSync(candidate, live)
    return { ...summary, replaced }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
    if (scratchWitness) rmSync(scratchWitness, { recursive: true, force: true })
    await liveWitness?.close?.()
  }
}
