import type { Logger } from '../engine/kernel/logger'
import type { StaffSessions } from '../engine/staff/staff-sessions'
import { createDispatcher, type Dispatch } from './dispatch'
import { createHandlers, type GateServices } from './handlers'

export interface GateDeps {
  gate: GateServices
  sessions: StaffSessions
  logger: Logger
}

/**
 * The one gate, as Electron, the browser shell and the tests all build it: every channel's
 * handler over the engine's services, with refused calls of signed-in staff audited.
 */
export function createGate(deps: GateDeps): Dispatch {
  const { gate, sessions, logger } = deps
  return createDispatcher(createHandlers(gate), sessions, logger, (e) => gate.auditDesk.denied({ staffId: e.staffId, workstation: e.workstation }, e.channel))
}
