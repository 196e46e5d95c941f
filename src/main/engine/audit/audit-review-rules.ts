import { ErrorCode } from '../../../shared/errors'
import { almatyDayStart } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { AuditQuery } from './audit.repo'

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

/** The filters as the store reads them: the phone normalised, Almaty days as UTC instants. */
export function auditQuery(filters: AuditFilters): AuditQuery {
  const q: AuditQuery = {}
  if (filters.phone) {
    let phone = filters.phone.trim()
    try {
      phone = normaliseKzMobile(phone)
    } catch {
      // Not a valid number: search it as typed, which finds nothing rather than failing.
    }
    // The store holds pseudonyms: the review turns this phone into them (AuditSealer.refsOf).
    q.customerRefs = [phone]
  }
  if (filters.staffId) q.staffId = filters.staffId
  if (filters.action) q.action = filters.action.endsWith('.') ? { prefix: filters.action } : { exact: filters.action }
  if (filters.outcome) q.outcome = filters.outcome
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new EngineError(ErrorCode.VALIDATION_FAILED, 'The start date is after the end date.', { field: 'from' })
  }
  if (filters.from) q.atFrom = almatyDayStart(filters.from).toISOString()
  if (filters.to) q.atBefore = new Date(almatyDayStart(filters.to).getTime() + 24 * 3600_000).toISOString()
  return q
}
