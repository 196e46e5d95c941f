import { createHash } from 'node:crypto'
import type { DataSource } from 'typeorm'
import { AuditEventEntity, type AuditEventRow, type AuditOutcome } from '../store/entities/audit-event.entity'
import type { Clock } from './clock'
import type { SerialQueue } from './serial'

export interface AuditInput {
  actorStaffId: string | null
  workstation: string
  customerRef?: string | null
  action: string
  outcome: AuditOutcome
  details?: Record<string, string | number | boolean | null>
}

export const GENESIS_HASH = '0'.repeat(64)

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

  record(input: AuditInput): Promise<AuditEventRow> {
    return this.queue.run(() =>
      this.ds.transaction(async (m) => {
        const repo = m.getRepository(AuditEventEntity)
        const last = await repo.find({ order: { seq: 'DESC' }, take: 1 })
        const prev = last[0]
        const base: Omit<AuditEventRow, 'hash'> = {
          seq: (prev?.seq ?? 0) + 1,
          at: this.clock.now().toISOString(),
          actorStaffId: input.actorStaffId,
          workstation: input.workstation,
          customerRef: input.customerRef ?? null,
          action: input.action,
          outcome: input.outcome,
          details: canonical(input.details ?? {}),
          prevHash: prev?.hash ?? GENESIS_HASH,
        }
        const row: AuditEventRow = { ...base, hash: hashEvent(base) }
        await repo.insert(row)
        return row
      }),
    )
  }

  /** Walks the chain; returns the seq of the first row whose link or content does not match. */
  async verifyChain(): Promise<{ ok: true; count: number } | { ok: false; brokenAt: number }> {
    const rows = await this.ds.getRepository(AuditEventEntity).find({ order: { seq: 'ASC' } })
    let prevHash = GENESIS_HASH
    let expectedSeq = 1
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
}
