import type { AuditEventRow } from '../audit/audit.repo'

/** One CSV cell; a cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe (OWASP). */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The audit trail as CSV (review export and retention archive): one header, one line per event. */
export const AUDIT_CSV_HEADER = 'seq,at,actor_staff_id,workstation,customer,action,outcome,details,prev_hash,hash'

export function auditCsvLine(r: AuditEventRow): string {
  return [r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash].map(csvCell).join(',')
}
