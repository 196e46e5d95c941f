/**
 * Every action the audit trail can record (S21). The engine may record only these, and each locale
 * must name each of them (`i18n/audit/*.ts`), so a new kind of event cannot reach the supervisor's
 * screen as a raw code: adding one here without its three translations fails the type check.
 */
export const AUDIT_ACTIONS = [
  'access.denied',
  'access.refused',
  'admin.command',
  'app.start',
  'approval.approved',
  'approval.decide',
  'approval.executed',
  'approval.expired',
  'approval.rejected',
  'approval.requested',
  'approval.selfRefused',
  'app.stop',
  'audit.archiveRead',
  'audit.checkpoint',
  'audit.export',
  'audit.retention',
  'audit.search',
  'audit.verify',
  'cards.view',
  'clock.jump',
  'clock.serverSkew',
  'clock.serverSkewEnded',
  'customer.block',
  'customer.lockout',
  'customer.lookup',
  'customer.passwordChange',
  'customer.register',
  'customer.sessionExpired',
  'customer.signIn',
  'customer.smsLocale',
  'customer.signOut',
  'customer.unblock',
  'customer.unlock',
  'customer.verify',
  'card.purged',
  'card.removed',
  'customerWindow.cancelled',
  'customerWindow.paired',
  'customerWindow.pairingStarted',
  'customerWindow.refused',
  'fraud.export',
  'fraud.list',
  'fraud.note',
  'fraud.open',
  'fraud.status',
  'keys.passphraseRotate',
  'keys.reencrypt',
  'keys.rotate',
  'lockouts.view',
  'payment.authorize',
  'payment.history',
  'payment.refund',
  'payment.searchByPayee',
  'payment.settle',
  'payment.start',
  'receipt.print',
  'refund.flaggedView',
  'sessionKey.confirm',
  'sessionKey.send',
  'staff.create',
  'staff.disable',
  'staff.enable',
  'staff.idleLock',
  'staff.list',
  'staff.lockout',
  'staff.passwordChange',
  'staff.sessionsEnded',
  'staff.totp.enrol',
  'staff.totp.enrolStart',
  'staff.totp.reset',
  'staff.totp.verify',
  'staff.signIn',
  'staff.signOut',
  'staff.unlock',
  'store.backup',
  'store.restore',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value)
}

/**
 * The detail fields events carry, each with a label in every locale; the audit screen shows details
 * as labelled fields (an unknown field still shows, under its code).
 */
export const AUDIT_DETAIL_KEYS = [
  'acknowledgedBy', 'amountTiyn', 'archive', 'archiveSha256', 'attempts', 'attemptsLeft', 'auditEvents', 'brokenAt', 'card', 'cardLast4', 'checkpointSize', 'copy', 'duplicate', 'ended', 'cardKind', 'caseId', 'cause',
  'channel', 'count', 'customerId', 'development', 'file', 'filters', 'from', 'fromSeq', 'failure', 'hadSecondFactor', 'idleMinutes', 'intentId', 'keyId', 'kind',
  'lastUsed', 'lifted', 'lockedUntil', 'login', 'maker', 'maxMinutes', 'method', 'offsetMs', 'paymentId', 'providerId', 'purged',
  'purpose', 'reason', 'recoveryCodes', 'refused', 'reencrypted', 'requestId', 'resolution', 'result', 'results', 'retryAt', 'rewrapped', 'rolledBackFrom', 'role', 'rows', 'scope', 'secondFactor', 'staffId', 'status', 'toSeq', 'tries',
  'state', 'threeDs', 'threeDsBypassed', 'trustedAt', 'type', 'wallAt', 'serverAt',
  'fields', 'coalesced', 'command', 'version', 'shell', 'mode',
  'attempt', 'recoveryCodesLeft', 'lockLifted',
] as const

export type AuditDetailKey = (typeof AUDIT_DETAIL_KEYS)[number]
