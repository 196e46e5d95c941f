import { AuditEventEntity } from './audit-event.entity'
import { StaffEntity } from './staff.entity'

export const entities = [StaffEntity, AuditEventEntity]
export { AuditEventEntity, StaffEntity }
