import { ErrorCode } from '../../../shared/errors'
import { almatyDayStart } from '../kernel/almaty-time'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import { detailsToSeal } from './audit-seal-rules'
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

/**
 * What a teller's view of the trail keeps of an event's details (PCI DSS 10.3.1, access by job
 * need): what the trail stores in clear (ids, counts, codes), not what it seals: the reasons
 * supervisors typed (a block's reason is theirs, as the lookup never tells it), searches' filters
 * and phone numbers.
 */
export function tellerViewDetails(action: string, details: Record<string, string | number | boolean | null>): Record<string, string | number | boolean | null> {
  const sealed = new Set(detailsToSeal(action, details))
  return Object.fromEntries(Object.entries(details).filter(([key]) => !sealed.has(key)))
}
