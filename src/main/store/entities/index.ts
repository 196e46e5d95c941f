import { AuditEventEntity } from './audit-event.entity'
import { CustomerEntity } from './customer.entity'
import { SessionKeyEntity } from './session-key.entity'
import { StaffEntity } from './staff.entity'

export const entities = [StaffEntity, AuditEventEntity, CustomerEntity, SessionKeyEntity]
export { AuditEventEntity, CustomerEntity, SessionKeyEntity, StaffEntity }
