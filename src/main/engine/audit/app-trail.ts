import type { AuditService } from './audit.service'

/**
 * Issue 14 (S21, PCI DSS 10.2.1.6): the application's start and stop are events of the trail, so a
 * gap in the trail (the app not running, or stopped to tamper with the store) shows between them.
 */
export async function recordAppStart(audit: Pick<AuditService, 'record'>, app: { version: string; shell: string; mode: string }, workstation: string): Promise<void> {
  await audit.record({ actorStaffId: null, workstation, action: 'app.start', outcome: 'success', details: { version: app.version, shell: app.shell, mode: app.mode } })
}

export async function recordAppStop(audit: Pick<AuditService, 'record'>, workstation: string): Promise<void> {
  await audit.record({ actorStaffId: null, workstation, action: 'app.stop', outcome: 'success' })
}
