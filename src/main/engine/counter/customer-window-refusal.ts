import { defaultMessages, type ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import { EngineError } from '../kernel/engine-error'
import type { Window } from './counter-desk.service'

/**
 * A customer-window call refused: audited ('customerWindow.refused', the reason and `details`),
 * then thrown with the code's plain words and `reply` (what the caller may be told, no secrets).
 */
export async function refuseAudited(
  audit: AuditService,
  code: ErrorCode,
  who: { window?: Window; workstation: string },
  details: Record<string, string> = {},
  reply?: Record<string, string | number | boolean | null>,
): Promise<never> {
  await audit.record({
    actorStaffId: who.window?.actor.staffId ?? null,
    workstation: who.window?.actor.workstation ?? who.workstation,
    customerRef: null,
    action: 'customerWindow.refused',
    outcome: 'denied',
    details: { reason: code, ...details },
  })
  throw new EngineError(code, defaultMessages[code], reply)
}
