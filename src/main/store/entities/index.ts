import { AuditEventEntity } from './audit-event.entity'
import { CardEntity } from './card.entity'
import { CustomerEntity } from './customer.entity'
import { FraudCaseEntity, FraudNoteEntity } from './fraud-case.entity'
import { PaymentEntity } from './payment.entity'
import { SessionKeyEntity } from './session-key.entity'
import { StaffEntity } from './staff.entity'
import { StaffRecoveryCodeEntity, StaffTotpEntity } from './staff-totp.entity'

export const entities = [StaffEntity, AuditEventEntity, CustomerEntity, SessionKeyEntity, CardEntity, PaymentEntity, FraudCaseEntity, FraudNoteEntity, StaffTotpEntity, StaffRecoveryCodeEntity]
export { AuditEventEntity, CardEntity, CustomerEntity, FraudCaseEntity, FraudNoteEntity, PaymentEntity, SessionKeyEntity, StaffEntity }
