import type { AuditDayCountDto, AuditEventDto, AuditPageDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../kernel/csv'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { auditQuery, type AuditFilters } from './audit-review-rules'
import type { AuditKeys } from './audit-keys'
import { AuditSealer } from './audit-sealer'
import type { AuditEventRow, AuditQuery } from './audit.repo'

export type { AuditFilters } from './audit-review-rules'

export const EXPORT_MAX_ROWS = 100_000

function toDto(row: AuditEventRow): AuditEventDto {
  let details: AuditEventDto['details']
  try {
    details = JSON.parse(row.details) as AuditEventDto['details']
  } catch {
    details = {}
  }
  return {
    seq: row.seq,
    at: row.at,
    actorStaffId: row.actorStaffId,
    workstation: row.workstation,
    customerRef: row.customerRef,
    action: row.action,
    outcome: row.outcome,
    details,
    hash: row.hash,
    prevHash: row.prevHash,
    keyVersion: row.keyVersion,
  }
}

/**
 * Review of the audit trail (S21): filters, keyset pages (newest first), CSV export, per-day counts.
 * The phone searched for becomes its pseudonyms; the events read show the phone and details opened.
 */
export class AuditReview {
  private readonly sealer: AuditSealer

  constructor(
    private readonly uow: UnitOfWork,
    keys: AuditKeys,
  ) {
    this.sealer = new AuditSealer(keys)
  }

  private async query(filters: AuditFilters): Promise<AuditQuery> {
    const q = auditQuery(filters)
    if (q.customerRefs) q.customerRefs = await this.sealer.refsOf(q.customerRefs[0]!)
    return q
  }

  async search(filters: AuditFilters, cursor: string | null | undefined, limit = 50): Promise<AuditPageDto> {
    const query = await this.query(filters)
    if (cursor && !/^\d{1,15}$/.test(cursor)) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'The page cursor is not valid.')
    const rows = await this.uow.repos.audit.search(query, cursor ? Number(cursor) : null, limit + 1)
    const page = rows.slice(0, limit)
    return { rows: page.map((r) => toDto(this.sealer.open(r))), nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null }
  }

  async perDay(filters: AuditFilters): Promise<AuditDayCountDto[]> {
    // async: a refused filter rejects the promise rather than throwing synchronously.
    return this.uow.repos.audit.countPerDay(await this.query(filters))
  }

  async exportCsv(filters: AuditFilters, now: Date): Promise<{ fileName: string; csv: string; rows: number }> {
    const rows = await this.uow.repos.audit.listOldestFirst(await this.query(filters), EXPORT_MAX_ROWS)
    const lines = [AUDIT_CSV_HEADER, ...rows.map((r) => auditCsvLine(this.sealer.open(r)))]
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13)
    return { fileName: `audit-${stamp}.csv`, csv: lines.join('\r\n') + '\r\n', rows: rows.length }
  }
}
