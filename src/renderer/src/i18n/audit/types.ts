import type { AuditAction, AuditDetailKey } from '../../../../shared/audit-actions'

/**
 * The words of the audit screen for one language. Kept outside vue-i18n's messages because action
 * codes contain dots, which vue-i18n reads as paths; typed so a missing action or field fails the build.
 */
export interface AuditText {
  actions: Record<AuditAction, string>
  outcomes: Record<'success' | 'failure' | 'denied', string>
  details: Record<AuditDetailKey, string>
  /** Enumerated detail values (purposes, roles, reasons, statuses); free text and ids show as they are. */
  values: Record<string, string>
  words: Record<'yes' | 'no' | 'event' | 'position' | 'link' | 'prevLink' | 'keyVersion' | 'code' | 'close' | 'staff' | 'customer' | 'details', string>
}
