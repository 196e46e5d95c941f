import type { Repository, SelectQueryBuilder } from 'typeorm'
import type { AuditEventRow, AuditQuery } from '../../engine/audit/audit.repo'

/** The review filters as one query; the conditions keep their order so the SQL (and its plan) stays the same. */
export function auditFilter(repo: Repository<AuditEventRow>, q: AuditQuery): SelectQueryBuilder<AuditEventRow> {
  const qb = repo.createQueryBuilder('e')
  if (q.customerRefs !== undefined) qb.andWhere('e.customer_ref IN (:...refs)', { refs: q.customerRefs.length > 0 ? q.customerRefs : [''] })
  if (q.staffId !== undefined) qb.andWhere('e.actor_staff_id = :staffId', { staffId: q.staffId })
  if (q.action !== undefined) {
    if ('prefix' in q.action) {
      const escaped = q.action.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)
      qb.andWhere(`e.action LIKE :prefix ESCAPE '\\'`, { prefix: `${escaped}%` })
    } else qb.andWhere('e.action = :action', { action: q.action.exact })
  }
  if (q.outcome !== undefined) qb.andWhere('e.outcome = :outcome', { outcome: q.outcome })
  if (q.atFrom !== undefined) qb.andWhere('e.at >= :from', { from: q.atFrom })
  if (q.atBefore !== undefined) qb.andWhere('e.at < :to', { to: q.atBefore })
  return qb
}

/** The Almaty calendar day (UTC+5) of an event, as YYYY-MM-DD. */
export function perDayExpression(postgres: boolean): string {
  return postgres ? `to_char((e.at::timestamptz AT TIME ZONE 'Asia/Almaty'), 'YYYY-MM-DD')` : `substr(datetime(e.at, '+5 hours'), 1, 10)`
}
