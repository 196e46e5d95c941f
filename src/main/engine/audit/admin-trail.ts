import type { AuditService } from './audit.service'

/** The sub-command words of `npm run admin` that are recorded; anything else (a file, a login, an id) is not. */
const SUBCOMMANDS: ReadonlySet<string> = new Set(['enable', 'verify', 'retention', 'archive-read', 'rotate', 'reencrypt', 'list', 'approve', 'reject', 'check'])

/** `audit verify`, `staff enable`, `create-staff`: the command's words only, never an option's value. */
export function adminCommandLabel(args: readonly string[]): string {
  const [command = '', sub = ''] = args
  const name = /^[a-z-]{1,32}$/.test(command) ? command : '(unknown)'
  return SUBCOMMANDS.has(sub) ? `${name} ${sub}` : name
}

/**
 * Issue 14 (S21): every admin CLI command that opens the store is recorded before it runs, so the
 * record is there whatever the command does next (a backup then holds its own command's event).
 * The CLI has no staff session: the actor is the workstation `cli:<host>`.
 */
export async function recordAdminCommand(audit: Pick<AuditService, 'record'>, args: readonly string[], workstation: string): Promise<void> {
  await audit.record({ actorStaffId: null, workstation, action: 'admin.command', outcome: 'success', details: { command: adminCommandLabel(args) } })
}

