import type { Logger } from '../engine/kernel/logger'
import type { StaffSessions } from '../engine/staff/staff-sessions'
import { ErrorCode } from '../../shared/errors'
import { createDispatcher, type CallContext, type Dispatch } from './dispatch'
import { createHandlers, type GateServices } from './handlers'

export interface GateDeps {
  gate: GateServices
  sessions: StaffSessions
  logger: Logger
}

/** The gate, and the way the Electron shell reports a call it refused before the gate (a foreign sender frame). */
export type Gate = Dispatch & { refuseSender(channel: string, ctx: CallContext): Promise<void> }

/**
 * The one gate, as Electron, the browser shell and the tests all build it: every channel's
 * handler over the engine's services, with every refused call audited (issue 14): a wrong role as
 * `access.denied`, the rest as `access.refused`, coalesced by the engine's audit desk.
 */
export function createGate(deps: GateDeps): Gate {
  const { gate, sessions, logger } = deps
  const dispatch = createDispatcher(
    createHandlers(gate),
    sessions,
    logger,
    (e) => gate.auditDesk.denied({ staffId: e.staffId, workstation: e.workstation }, e.channel),
    (e) => gate.auditDesk.refused(e),
  )
  const refuseSender = (channel: string, ctx: CallContext): Promise<void> =>
    gate.auditDesk
      .refused({ ...ctx, staffId: null, channel, cause: ErrorCode.FORBIDDEN_SENDER })
      .catch((e: unknown) => logger.error('refusal not audited', { channel, errorName: e instanceof Error ? e.name : typeof e }))
  return Object.assign(dispatch, { refuseSender })
}
