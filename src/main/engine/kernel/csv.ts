import type { AuditEventRow } from '../audit/audit.repo'

/**
 * One CSV cell, always quoted (inner quotes doubled). A spreadsheet would run a cell, or a piece of
 * one after `;` (the list separator of Russian and Kazakh Excel) or `|` (DDE), that starts with a
 * formula character (=, +, -, @, tab, CR), spaces before it allowed: each such start gets an
 * apostrophe, so it is shown as text (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
  return `"${s.replace(/(^|[;|])(?=[ ]*[=+\-@\t\r])/g, "$1'").replace(/"/g, '""')}"`
}

/** The audit trail as CSV (review export and retention archive): one header, one line per event. */
export const AUDIT_CSV_HEADER = 'seq,at,actor_staff_id,workstation,customer,action,outcome,details,prev_hash,hash'

export function auditCsvLine(r: AuditEventRow): string {
  return [r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash].map(csvCell).join(',')
}
