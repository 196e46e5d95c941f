import type { Engine } from '../../app/composition-root'
import type { Handlers, OnDenied } from '../dispatch'
import { auditHandlers } from './audit.handler'
import { customerHandlers } from './customer.handler'
import { paymentHandlers } from './payment.handler'
import { staffHandlers } from './staff.handler'
import { systemHandlers } from './system.handler'

export function createHandlers(engine: Engine): Handlers {
  return { ...systemHandlers(engine), ...staffHandlers(engine), ...customerHandlers(engine), ...auditHandlers(engine), ...paymentHandlers(engine) }
}

/** Audits a refused call (a teller on a supervisor channel), with the channel but no payload. */
export function auditDenied(engine: Engine): OnDenied {
  return (e) => engine.audit.record({ actorStaffId: e.staffId, workstation: e.workstation, action: 'access.denied', outcome: 'denied', details: { channel: e.channel } })
}
