import type { Engine } from '../../app/engine'
import type { Handlers } from '../dispatch'
import { auditHandlers } from './audit.handler'
import { customerHandlers } from './customer.handler'
import { paymentHandlers } from './payment.handler'
import { staffHandlers } from './staff.handler'
import { systemHandlers } from './system.handler'

export function createHandlers(engine: Engine): Handlers {
  return { ...systemHandlers(engine), ...staffHandlers(engine), ...customerHandlers(engine), ...auditHandlers(engine), ...paymentHandlers(engine) }
}
