import { createHash } from 'node:crypto'
import type { DataSource, EntityManager } from 'typeorm'
import { isPostgres, lockFor, sql } from '../../store/dialect'
import { AuditEventEntity, type AuditEventRow, type AuditOutcome } from '../../store/entities/audit-event.entity'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../kernel/clock'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../kernel/csv'
import type { SerialQueue } from '../../store/serial-queue'

export interface AuditInput {
  actorStaffId: string | null
  workstation: string
  customerRef?: string | null
  action: string
  outcome: AuditOutcome
  details?: Record<string, string | number | boolean | null>
}

export const GENESIS_HASH = '0'.repeat(64)

const INSERT_EVENT =
  'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

/** Stable key order so the same event always hashes the same way. */
function canonical(value: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(value)
      .sort()
      .reduce<Record<string, unknown>>((acc, k) => {
        acc[k] = value[k]
        return acc
      }, {}),
  )
}

export function hashEvent(row: Omit<AuditEventRow, 'hash'>): string {
  const { prevHash, ...content } = row
  return createHash('sha256')
    .update(prevHash)
    .update(canonical(content as unknown as Record<string, unknown>))
    .digest('hex')
}

/**
 * Append-only, hash-chained audit log (S21, PCI DSS 10). Each event is committed before the
 * caller's reply is sent. Callers must pass only non-secret details.
 */
export class AuditService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queue: SerialQueue,
  ) {}

  /** The last link of the chain, cached: this process is the store's only writer (re-read on any failure). */
  private tail: { seq: number; hash: string } | null = null

  private async loadTail(q: DataSource | EntityManager = this.ds): Promise<{ seq: number; hash: string }> {
    const last = (await q.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`)) as { seq: number; hash: string }[]
    if (last[0]) return { seq: Number(last[0].seq), hash: last[0].hash }
    // After a retention purge of every row, the chain continues from the anchor.
    const a = await this.anchor(q)
    return { seq: a.lastSeq, hash: a.lastHash }
  }

  private build(input: AuditInput, prev: { seq: number; hash: string }): AuditEventRow {
    const base: Omit<AuditEventRow, 'hash'> = {
      seq: prev.seq + 1,
      at: this.clock.now().toISOString(),
      actorStaffId: input.actorStaffId,
      workstation: input.workstation,
      customerRef: input.customerRef ?? null,
      action: input.action,
      outcome: input.outcome,
      details: canonical(input.details ?? {}),
      prevHash: prev.hash,
    }
    return { ...base, hash: hashEvent(base) }
  }

  private insert(q: DataSource | EntityManager, row: AuditEventRow): Promise<unknown> {
    const params = [row.seq, row.at, row.actorStaffId, row.workstation, row.customerRef, row.action, row.outcome, row.details, row.prevHash, row.hash]
    if (q === this.ds && !isPostgres(q)) {
      // The hottest write of the app: straight to the driver's connection (the same one TypeORM
      // uses, serialised by the queue), one autocommit statement, without the query-runner overhead.
      const db = (this.ds.driver as unknown as { databaseConnection: { run(sql: string, p: unknown[], cb: (e: Error | null) => void): void } }).databaseConnection
      return new Promise<void>((resolve, reject) => db.run(INSERT_EVENT, params, (e) => (e ? reject(e) : resolve())))
    }
    return sql(q, INSERT_EVENT, params)
  }

  /** Appends one event; it is committed before the promise resolves. */
  record(input: AuditInput): Promise<AuditEventRow> {
    if (isPostgres(this.ds)) {
      // Branch mode: several workstations append to one chain; each append reads the tail under a lock.
      return this.queue.run(() =>
        this.ds.transaction(async (m) => {
          await lockFor(m, 'audit-chain')
          const row = this.build(input, await this.loadTail(m))
          await this.insert(m, row)
          return row
        }),
      )
    }
    return this.queue.run(async () => {
      for (let attempt = 0; ; attempt++) {
        const prev = this.tail ?? (this.tail = await this.loadTail())
        const row = this.build(input, prev)
        try {
          await this.insert(this.ds, row) // its own autocommit transaction
          this.tail = { seq: row.seq, hash: row.hash }
          return row
        } catch (e) {
          this.tail = null
          if (attempt >= 1) throw e
        }
      }
    })
  }

  /** Where the chain starts: the genesis, or the last row purged by retention. */
  private async anchor(q: DataSource | EntityManager = this.ds): Promise<{ lastSeq: number; lastHash: string }> {
    const rows = (await q.query(`SELECT last_seq, last_hash FROM audit_anchor WHERE id = 1`)) as { last_seq: number; last_hash: string }[]
    return rows[0] ? { lastSeq: Number(rows[0].last_seq), lastHash: rows[0].last_hash } : { lastSeq: 0, lastHash: GENESIS_HASH }
  }

  /** Walks the chain; returns the seq of the first row whose link or content does not match. */
  async verifyChain(): Promise<{ ok: true; count: number } | { ok: false; brokenAt: number }> {
    const rows = await this.ds.getRepository(AuditEventEntity).find({ order: { seq: 'ASC' } })
    const start = await this.anchor()
    let prevHash = start.lastHash
    let expectedSeq = start.lastSeq + 1
    for (const row of rows) {
      const { hash, ...rest } = row
      if (row.seq !== expectedSeq || row.prevHash !== prevHash || hashEvent(rest) !== hash) {
        return { ok: false, brokenAt: expectedSeq }
      }
      prevHash = hash
      expectedSeq++
    }
    return { ok: true, count: rows.length }
  }

  /**
   * S21 retention: rows more than 10 years old are first written to an archive CSV (with its
   * SHA-256), then removed oldest first, and the chain re-anchored at the last removed row. The
   * job itself is audited. Refuses to run on a broken chain.
   */
  async retention(archiveDir: string, actor: { staffId: string | null; workstation: string }): Promise<{ purged: number; archive: string | null }> {
    const now = this.clock.now()
    const cutoff = new Date(now)
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - 10)
    const check = await this.verifyChain()
    if (!check.ok) throw new Error(`The audit chain is broken at event #${check.brokenAt}; retention refused.`)
    const repo = this.ds.getRepository(AuditEventEntity)
    const old = await repo.createQueryBuilder('e').where('e.at < :cutoff', { cutoff: cutoff.toISOString() }).orderBy('e.seq', 'ASC').getMany()
    if (old.length === 0) {
      await this.record({ ...actorFields(actor), action: 'audit.retention', outcome: 'success', details: { purged: 0 } })
      return { purged: 0, archive: null }
    }
    await mkdir(archiveDir, { recursive: true })
    const first = old[0]!
    const last = old[old.length - 1]!
    const file = join(archiveDir, `audit-archive-${first.seq}-${last.seq}.csv`)
    const hash = createHash('sha256')
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file, { flags: 'wx', mode: 0o600 })
      out.on('error', reject)
      const write = (line: string) => {
        hash.update(line)
        out.write(line)
      }
      write(`${AUDIT_CSV_HEADER}\r\n`)
      for (const r of old) write(`${auditCsvLine(r)}\r\n`)
      out.end(() => resolve())
    })
    const digest = hash.digest('hex')
    await this.queue.run(() =>
      this.ds.transaction(async (m) => {
        for (const r of old) await sql(m, `DELETE FROM audit_event WHERE seq = ?`, [r.seq])
        await sql(
          m,
          `INSERT INTO audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, purged_at = excluded.purged_at,
             archive = excluded.archive, archive_sha256 = excluded.archive_sha256`,
          [last.seq, last.hash, now.toISOString(), file.slice(-255), digest],
        )
      }),
    )
    await this.record({ ...actorFields(actor), action: 'audit.retention', outcome: 'success', details: { purged: old.length, fromSeq: first.seq, toSeq: last.seq, archiveSha256: digest } })
    return { purged: old.length, archive: file }
  }
}

function actorFields(actor: { staffId: string | null; workstation: string }) {
  return { actorStaffId: actor.staffId, workstation: actor.workstation }
}
