import { mkdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Clock } from '../kernel/clock'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../kernel/csv'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { readSealedArchive, writeSealedArchive } from './audit-archive'
import { archiveFileName, buildEvent, retentionCutoff, type AuditInput } from './audit-chain-rules'
import { DEFAULT_CHECKPOINT_POLICY, signCheckpoint, signRestoreAck, type CheckpointPolicy, type SignedRestoreAck } from './audit-checkpoint-rules'
import type { AuditKeys } from './audit-keys'
import { sealLegacyBatch } from './audit-legacy'
import { AuditSealer } from './audit-sealer'
import type { AuditEventRow, ChainLink } from './audit.repo'
import { BATCH, keyset } from './audit-pages'
import { verifyAuditChain, witnessedTail, type ChainVerdict, type WitnessedCheckpoint } from './audit-verify'
import type { Witness } from './witness'

export { canonical, GENESIS_HASH, hashEvent, type AuditInput } from './audit-chain-rules'

/** The archive's CSV, the events opened for the auditor; counts the rows and keeps the last one. */
async function* archiveCsv(rows: AsyncIterable<AuditEventRow>, sealer: AuditSealer, seen: { count: number; last: AuditEventRow | null }): AsyncGenerator<string> {
  yield `${AUDIT_CSV_HEADER}\r\n`
  for await (const r of rows) {
    seen.count++
    seen.last = r
    yield `${auditCsvLine(sealer.open(r))}\r\n`
  }
}

/**
 * Append-only audit log (S21, PCI DSS 10), each link an HMAC under the key ring's audit-chain key.
 * Each event is committed before the caller's reply is sent. Every `everyEvents` events or
 * `everyMs`, an Ed25519-signed checkpoint of the chain goes to the witness, outside the store.
 * Callers must pass only non-secret details.
 */
export class AuditService {
  /** Events were appended since the last checkpoint. */
  private unwitnessed = false
  private sinceCheckpoint = 0
  private witnessing: Promise<void> = Promise.resolve()
  private keyedFrom: number | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  /** The last failure to write the witness (its name only), for the status; null once one succeeds. */
  witnessError: string | null = null
  /** Branch mode: told each event time the database server gave, with the workstation's (issue 14). */
  onServerTime: ((serverAt: string, local: Date) => void) | null = null
  readonly sealer: AuditSealer

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: AuditKeys,
    private readonly witness: Witness | null = null,
    private readonly policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
  ) {
    this.sealer = new AuditSealer(keys)
  }

  /** Builds the event stored after `prev`: the customer pseudonymised and personal data sealed for its seq (issue 15). */
  private async builder(input: AuditInput): Promise<(prev: ChainLink, serverAt?: string) => AuditEventRow> {
    const pkey = await this.sealer.pseudonymKey()
    return (prev, serverAt) => {
      const local = this.clock.now()
      if (serverAt) this.onServerTime?.(serverAt, local)
      return buildEvent(this.sealer.seal(input, prev.seq + 1, pkey), prev, serverAt ?? local.toISOString(), this.keys.chainKey())
    }
  }

  /** Appends one event; it is committed before the promise resolves. */
  async record(input: AuditInput): Promise<AuditEventRow> {
    const build = await this.builder(input)
    const row = await this.uow.serial((repos) => repos.audit.append(build, input.workstation))
    this.appended()
    return row
  }

  private appended(): void {
    if (!this.witness) return
    this.unwitnessed = true
    if (++this.sinceCheckpoint >= this.policy.everyEvents) void this.checkpointNow()
  }

  /**
   * Appends one event inside the caller's transaction: it commits, or rolls back, with the decision
   * it records. The next checkpoint covers it (only committed events may be witnessed).
   */
  async recordIn(tx: Repos, input: AuditInput): Promise<AuditEventRow> {
    const row = await tx.audit.append(await this.builder(input), input.workstation)
    // The checkpoint reads the committed tail from the store, so a rolled-back event is never signed.
    this.appended()
    return row
  }

  /**
   * Signs the store's newest committed event into the witness (if events came since the last
   * checkpoint); in order. The tail is read from the store, not remembered: events committed in a
   * caller's transaction, or by another process on the same store (the admin CLI), are covered too.
   */
  checkpointNow(): Promise<void> {
    if (!this.witness || !this.unwitnessed) return this.witnessing
    const witness = this.witness
    this.unwitnessed = false
    this.sinceCheckpoint = 0
    this.witnessing = this.witnessing.then(async () => {
      try {
        // Branch mode: every workstation chain's head too (the single chain then ends where they start).
        const { head, chains } = await this.uow.serial(async (repos) => ({ head: await repos.audit.tail(), chains: await repos.audit.chainHeads() }))
        if (!head && chains.length === 0) return
        const anchor = head ? null : await this.uow.repos.audit.anchor()
        const single = head ?? { seq: anchor!.lastSeq, hash: anchor!.lastHash }
        this.keyedFrom ??= await this.uow.repos.audit.keyedFrom()
        const at = this.clock.now().toISOString()
        const cp = signCheckpoint({ size: single.seq, head: single.hash, at, keyedFrom: this.keyedFrom, ...(chains.length > 0 ? { chains } : {}) }, this.keys.checkpointSigner().privateKey)
        await witness.append(cp)
        this.witnessError = null
      } catch (e) {
        this.witnessError = e instanceof Error ? e.name : 'Error'
      }
    })
    return this.witnessing
  }

  /** Checkpoints every `everyMs` while events come; `stopCheckpoints` writes the last one. */
  startCheckpoints(): void {
    if (!this.witness || this.timer) return
    this.timer = setInterval(() => void this.checkpointNow(), this.policy.everyMs)
    this.timer.unref()
  }

  async stopCheckpoints(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.checkpointNow()
  }

  /** Walks the chain against the witness; names the first event that is not what was recorded. */
  async verifyChain(): Promise<ChainVerdict> {
    return this.verifyAgainst(this.witness)
  }

  /** The same walk against another witness (restore: the live store's, for a copy opened aside). */
  async verifyAgainst(witness: Witness | null): Promise<ChainVerdict> {
    const { audit } = this.uow.repos
    return verifyAuditChain(audit, this.keys, witness, keyset((after) => audit.chainPage(after, BATCH)))
  }

  /** The latest checkpoint of a witness that still stands, read with this store's checkpoint key. */
  witnessedTail(witness: Witness): Promise<WitnessedCheckpoint | null> {
    return witnessedTail(witness, this.keys)
  }

  /**
   * A restore (issue 17), recorded in the restored copy as `store.restore`. When the copy is older
   * than what `witness` vouched for (`rollback.from` events), the administrator's acknowledgement is
   * signed into that witness: "restored to event #<this event> at <time> by <who>", which supersedes
   * the checkpoints beyond it, so the restored chain verifies again and is reported as a rollback.
   */
  async recordRestore(witness: Witness, input: { file: string; auditEvents: number; rollback: { from: number; by: string } | null }, actor: { staffId: string | null; workstation: string }): Promise<{ seq: number; ack: SignedRestoreAck | null }> {
    const { rollback } = input
    const details = { file: input.file, auditEvents: input.auditEvents, ...(rollback ? { rolledBackFrom: rollback.from, acknowledgedBy: rollback.by } : {}) }
    const row = await this.record({ ...actorFields(actor), action: 'store.restore', outcome: 'success', details })
    if (!rollback) return { seq: row.seq, ack: null }
    const keyedFrom = await this.uow.repos.audit.keyedFrom()
    const ack = signRestoreAck({ size: row.seq, head: row.hash, keyedFrom, from: rollback.from, at: this.clock.now().toISOString(), by: rollback.by }, this.keys.checkpointSigner().privateKey)
    await witness.acknowledge(ack)
    return { seq: row.seq, ack }
  }

  /** The retention job when some event is due (a cheap indexed look first): what runs by itself, daily and at start. */
  async retentionIfDue(archiveDir: string, actor: { staffId: string | null; workstation: string }): Promise<{ purged: number; archive: string | null } | null> {
    if (!(await this.uow.repos.audit.rangeBefore(retentionCutoff((await this.uow.repos.audit.serverNow()) ?? this.clock.now()).toISOString()))) return null
    return this.retention(archiveDir, actor)
  }

  /**
   * S21 retention: rows more than 10 years old are first written to an archive CSV (with its
   * SHA-256), then removed oldest first, and the chain re-anchored at the last removed row. The
   * job itself is audited. Refuses to run on a broken chain.
   */
  async retention(archiveDir: string, actor: { staffId: string | null; workstation: string }): Promise<{ purged: number; archive: string | null }> {
    // Branch mode: the server's clock, which gave the events their times and which its purge checks (migration 0019).
    const now = (await this.uow.repos.audit.serverNow()) ?? this.clock.now()
    const cutoff = retentionCutoff(now).toISOString()
    const check = await this.verifyChain()
    if (!check.ok) throw new Error(`The audit chain is broken at event #${check.brokenAt}; retention refused.`)
    const { audit } = this.uow.repos
    const range = await audit.rangeBefore(cutoff)
    if (!range) {
      await this.record({ ...actorFields(actor), action: 'audit.retention', outcome: 'success', details: { purged: 0 } })
      return { purged: 0, archive: null }
    }
    await mkdir(archiveDir, { recursive: true, mode: 0o700 })
    const file = join(archiveDir, archiveFileName(range.firstSeq, range.lastSeq))
    const old = keyset((after) => audit.pageBefore(cutoff, range.lastSeq, after, BATCH))
    const seen: { count: number; last: AuditEventRow | null } = { count: 0, last: null }
    const digest = await writeSealedArchive(file, this.keys, archiveCsv(old, this.sealer, seen))
    const { count, last } = seen
    if (!last) throw new Error('The events to archive were gone by the time they were read; retention refused.')
    // The purge commits with its event (the archive's SHA-256 in the chain), or neither does; then
    // the archive of events still in the store is removed, so the next run can write it again.
    try {
      await this.uow.transaction([], async (tx) => {
        await tx.audit.purgeArchived(cutoff, { lastSeq: last.seq, lastHash: last.hash, purgedAt: now.toISOString(), archive: file.slice(-255), archiveSha256: digest }, count)
        await this.recordIn(tx, { ...actorFields(actor), action: 'audit.retention', outcome: 'success', details: { purged: count, fromSeq: range.firstSeq, toSeq: last.seq, archiveSha256: digest } })
      })
    } catch (e) {
      // Unless the purge did commit and only its acknowledgement was lost (the anchor says so), or
      // that cannot be told: then the archive may be the only copy of those events, and stays.
      const anchor = await audit.anchor().catch(() => null)
      if (anchor && anchor.lastSeq !== last.seq) await rm(file, { force: true })
      throw e
    }
    return { purged: count, archive: file }
  }

  /** An auditor opens a sealed retention archive (admin CLI): the CSV, with phones and reasons. The read is audited, refused or not. */
  async readArchive(file: string, actor: { staffId: string | null; workstation: string }): Promise<{ csv: string; rows: number; sha256: string }> {
    const base = { ...actorFields(actor), action: 'audit.archiveRead' }
    let opened: { text: string; sha256: string }
    try {
      opened = await readSealedArchive(file, this.keys)
    } catch (e) {
      await this.record({ ...base, outcome: 'failure', details: { archive: basename(file), reason: e instanceof Error ? e.name : 'Error' } })
      throw e
    }
    const rows = opened.text.match(/\r\n"\d+",/g)?.length ?? 0
    await this.record({ ...base, outcome: 'success', details: { archive: basename(file), archiveSha256: opened.sha256, rows } })
    return { csv: opened.text, rows, sha256: opened.sha256 }
  }

  /** One batch of events recorded before migration 0014 sealed in place (resumable); see audit-legacy.ts. */
  sealLegacyBatch(limit = 500): Promise<number> {
    return sealLegacyBatch(this.uow, this.keys, this.sealer, limit)
  }

  /** Every event recorded before migration 0014 sealed in place, then the store compacted so no clear page is left. */
  async sealLegacyRows(): Promise<number> {
    let total = 0
    for (let n = await this.sealLegacyBatch(); n > 0; n = await this.sealLegacyBatch()) total += n
    if (total > 0) await this.uow.serial((repos) => repos.audit.compact())
    return total
  }
}

function actorFields(actor: { staffId: string | null; workstation: string }) {
  return { actorStaffId: actor.staffId, workstation: actor.workstation }
}
