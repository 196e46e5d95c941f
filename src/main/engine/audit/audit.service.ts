import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Clock } from '../kernel/clock'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../kernel/csv'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { archiveFileName, buildEvent, linksTo, retentionCutoff, type AuditInput } from './audit-chain-rules'
import type { AuditEventRow, ChainLink } from './audit.repo'

export { canonical, GENESIS_HASH, hashEvent, type AuditInput } from './audit-chain-rules'

/** Rows per read when walking the chain: memory stays flat however long the log is. */
const BATCH = 5_000

/** Every row `page` returns, page after page by seq, until a short page. */
async function* keyset(page: (afterSeq: number | null) => Promise<AuditEventRow[]>): AsyncGenerator<AuditEventRow> {
  let after: number | null = null
  for (;;) {
    const rows = await page(after)
    yield* rows
    if (rows.length < BATCH) return
    after = rows[rows.length - 1]!.seq
  }
}

/** Writes the archive CSV and returns its SHA-256, the rows written and the last of them. */
async function writeArchive(file: string, rows: AsyncIterable<AuditEventRow>): Promise<{ digest: string; count: number; last: AuditEventRow | null }> {
  const hash = createHash('sha256')
  let count = 0
  let last: AuditEventRow | null = null
  async function* lines(): AsyncGenerator<string> {
    const header = `${AUDIT_CSV_HEADER}\r\n`
    hash.update(header)
    yield header
    for await (const r of rows) {
      const line = `${auditCsvLine(r)}\r\n`
      hash.update(line)
      count++
      last = r
      yield line
    }
  }
  await pipeline(lines, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  return { digest: hash.digest('hex'), count, last }
}

/**
 * Append-only, hash-chained audit log (S21, PCI DSS 10). Each event is committed before the
 * caller's reply is sent. Callers must pass only non-secret details.
 */
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Appends one event; it is committed before the promise resolves. */
  record(input: AuditInput): Promise<AuditEventRow> {
    return this.uow.serial((repos) => repos.audit.append((prev) => buildEvent(input, prev, this.clock.now().toISOString())))
  }

  /** Appends one event inside the caller's transaction: it commits, or rolls back, with the decision it records. */
  recordIn(tx: Repos, input: AuditInput): Promise<AuditEventRow> {
    return tx.audit.append((prev) => buildEvent(input, prev, this.clock.now().toISOString()))
  }

  /** Walks the chain; returns the seq of the first row whose link or content does not match. */
  async verifyChain(): Promise<{ ok: true; count: number } | { ok: false; brokenAt: number }> {
    const { audit } = this.uow.repos
    const start = await audit.anchor()
    let prev: ChainLink = { seq: start.lastSeq, hash: start.lastHash }
    let count = 0
    for await (const row of keyset((after) => audit.chainPage(after, BATCH))) {
      if (!linksTo(row, prev)) return { ok: false, brokenAt: prev.seq + 1 }
      prev = { seq: row.seq, hash: row.hash }
      count++
    }
    return { ok: true, count }
  }

  /**
   * S21 retention: rows more than 10 years old are first written to an archive CSV (with its
   * SHA-256), then removed oldest first, and the chain re-anchored at the last removed row. The
   * job itself is audited. Refuses to run on a broken chain.
   */
  async retention(archiveDir: string, actor: { staffId: string | null; workstation: string }): Promise<{ purged: number; archive: string | null }> {
    const now = this.clock.now()
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
    const { digest, count, last } = await writeArchive(file, old)
    if (!last) throw new Error('The events to archive were gone by the time they were read; retention refused.')
    await this.uow.transaction([], async (tx) => {
      await tx.audit.purgeBefore(cutoff, range.lastSeq)
      await tx.audit.moveAnchor({ lastSeq: last.seq, lastHash: last.hash, purgedAt: now.toISOString(), archive: file.slice(-255), archiveSha256: digest })
    })
    await this.record({ ...actorFields(actor), action: 'audit.retention', outcome: 'success', details: { purged: count, fromSeq: range.firstSeq, toSeq: last.seq, archiveSha256: digest } })
    return { purged: count, archive: file }
  }
}

function actorFields(actor: { staffId: string | null; workstation: string }) {
  return { actorStaffId: actor.staffId, workstation: actor.workstation }
}
