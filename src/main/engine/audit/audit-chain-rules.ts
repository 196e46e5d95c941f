import { createHash } from 'node:crypto'
import type { AuditEventRow, AuditOutcome, ChainLink } from './audit.repo'

export interface AuditInput {
  actorStaffId: string | null
  workstation: string
  customerRef?: string | null
  action: string
  outcome: AuditOutcome
  details?: Record<string, string | number | boolean | null>
}

/** The link the first event chains onto when nothing was ever purged. */
export const GENESIS_HASH = '0'.repeat(64)

/** S21: events are kept 10 years. */
export const RETENTION_YEARS = 10

/** Stable key order so the same event always hashes the same way. */
export function canonical(value: Record<string, unknown>): string {
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

/** The event that follows `prev` in the chain, recorded at `at` (ISO). */
export function buildEvent(input: AuditInput, prev: ChainLink, at: string): AuditEventRow {
  const base: Omit<AuditEventRow, 'hash'> = {
    seq: prev.seq + 1,
    at,
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

/** Does the row follow `prev` unaltered: the next seq, chained onto its hash, content matching its own hash? */
export function linksTo(row: AuditEventRow, prev: ChainLink): boolean {
  const { hash, ...rest } = row
  return row.seq === prev.seq + 1 && row.prevHash === prev.hash && hashEvent(rest) === hash
}

/** Events recorded before this instant are due for retention. */
export function retentionCutoff(now: Date): Date {
  const cutoff = new Date(now)
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS)
  return cutoff
}

export function archiveFileName(firstSeq: number, lastSeq: number): string {
  return `audit-archive-${firstSeq}-${lastSeq}.csv`
}
