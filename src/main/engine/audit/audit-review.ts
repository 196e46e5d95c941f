import type { DataSource, SelectQueryBuilder } from 'typeorm'
import type { AuditDayCountDto, AuditEventDto, AuditPageDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { AuditEventEntity, type AuditEventRow } from '../../store/entities/audit-event.entity'
import { almatyDayStart } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../kernel/csv'
import { isPostgres } from '../../store/dialect'
import { normaliseKzMobile } from '../kernel/phone'

export interface AuditFilters {
  phone?: string
  staffId?: string
  /** Exact action, or a prefix ending in '.' (e.g. "customer."). */
  action?: string
  outcome?: 'success' | 'failure' | 'denied'
  /** Almaty calendar days, inclusive. */
  from?: string
  to?: string
}

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
  }
}

/** Review of the audit trail (S21): filters, keyset pages (newest first), CSV export, per-day counts. */
export class AuditReview {
  constructor(private readonly ds: DataSource) {}

  private filtered(filters: AuditFilters): SelectQueryBuilder<AuditEventRow> {
    const qb = this.ds.getRepository(AuditEventEntity).createQueryBuilder('e')
    if (filters.phone) {
      let phone = filters.phone.trim()
      try {
        phone = normaliseKzMobile(phone)
      } catch {
        // Not a valid number: search it as typed, which finds nothing rather than failing.
      }
      qb.andWhere('e.customer_ref = :phone', { phone })
    }
    if (filters.staffId) qb.andWhere('e.actor_staff_id = :staffId', { staffId: filters.staffId })
    if (filters.action) {
      if (filters.action.endsWith('.')) {
        const escaped = filters.action.replace(/[\\%_]/g, (c) => `\\${c}`)
        qb.andWhere(`e.action LIKE :prefix ESCAPE '\\'`, { prefix: `${escaped}%` })
      } else qb.andWhere('e.action = :action', { action: filters.action })
    }
    if (filters.outcome) qb.andWhere('e.outcome = :outcome', { outcome: filters.outcome })
    if (filters.from && filters.to && filters.from > filters.to) {
      throw new EngineError(ErrorCode.VALIDATION_FAILED, 'The start date is after the end date.', { field: 'from' })
    }
    if (filters.from) qb.andWhere('e.at >= :from', { from: almatyDayStart(filters.from).toISOString() })
    if (filters.to) {
      const end = new Date(almatyDayStart(filters.to).getTime() + 24 * 3600_000)
      qb.andWhere('e.at < :to', { to: end.toISOString() })
    }
    return qb
  }

  async search(filters: AuditFilters, cursor: string | null | undefined, limit = 50): Promise<AuditPageDto> {
    const qb = this.filtered(filters)
    if (cursor) {
      if (!/^\d{1,15}$/.test(cursor)) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'The page cursor is not valid.')
      qb.andWhere('e.seq < :cursor', { cursor: Number(cursor) })
    }
    const rows = await qb.orderBy('e.seq', 'DESC').limit(limit + 1).getMany()
    const page = rows.slice(0, limit)
    return { rows: page.map(toDto), nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null }
  }

  async perDay(filters: AuditFilters): Promise<AuditDayCountDto[]> {
    const rows = (await this.filtered(filters)
      .select(
        isPostgres(this.ds) ? `to_char((e.at::timestamptz AT TIME ZONE 'Asia/Almaty'), 'YYYY-MM-DD')` : `substr(datetime(e.at, '+5 hours'), 1, 10)`,
        'day',
      )
      .addSelect('COUNT(*)', 'count')
      .groupBy('day')
      .orderBy('day', 'ASC')
      .getRawMany()) as { day: string; count: number | string }[]
    return rows.map((r) => ({ day: r.day, count: Number(r.count) }))
  }

  async exportCsv(filters: AuditFilters, now: Date): Promise<{ fileName: string; csv: string; rows: number }> {
    const rows = await this.filtered(filters).orderBy('e.seq', 'ASC').limit(EXPORT_MAX_ROWS).getMany()
    const lines = [AUDIT_CSV_HEADER, ...rows.map(auditCsvLine)]
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13)
    return { fileName: `audit-${stamp}.csv`, csv: lines.join('\r\n') + '\r\n', rows: rows.length }
  }
}
