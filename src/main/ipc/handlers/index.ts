import type { ApprovalService } from '../../engine/approvals/approvals.service'
import type { SupervisorOverrides } from '../../engine/approvals/supervisor-overrides'
import type { AuditDesk } from '../../engine/audit/audit-desk.service'
import type { CounterDesk } from '../../engine/counter/counter-desk.service'
import type { CustomerWindows } from '../../engine/counter/customer-window.service'
import type { CustomerWindowSteps } from '../../engine/counter/customer-window-steps'
import type { CustomerService } from '../../engine/customers/customer.service'
import type { ProviderCatalog } from '../../engine/payments/catalog'
import type { DisputesDesk } from '../../engine/payments/disputes-desk.service'
import type { FraudService } from '../../engine/payments/fraud.service'
import type { PaymentService } from '../../engine/payments/payment.service'
import type { ReceiptDesk } from '../../engine/payments/receipt-desk.service'
import type { StaffAccess } from '../../engine/staff/staff-access.service'
import type { Handlers } from '../dispatch'
import type { ClockStatusDto } from '../../../shared/dto'
import { approvalHandlers } from './approvals.handler'
import { auditHandlers } from './audit.handler'
import { customerHandlers } from './customer.handler'
import { customerWindowHandlers } from './customer-window.handler'
import { disputeHandlers, paymentHandlers } from './payment.handler'
import { staffHandlers } from './staff.handler'
import { systemHandlers, type SystemInfo } from './system.handler'

/** The engine services the IPC surface serves; each handler module gets only its own. */
export interface GateServices {
  system: SystemInfo
  /** The trusted clock's jumps, for the system status (null on another clock). */
  clockStatus: () => ClockStatusDto | null
  staffAccess: StaffAccess
  desk: CounterDesk
  customers: CustomerService
  payments: PaymentService
  catalog: ProviderCatalog
  customerWindows: CustomerWindows
  customerWindowSteps: CustomerWindowSteps
  disputes: DisputesDesk
  fraud: FraudService
  auditDesk: AuditDesk
  receipts: ReceiptDesk
  /** Four-eyes approval (issue 13). */
  approvals: ApprovalService
  overrides: SupervisorOverrides
}

export function createHandlers(s: GateServices): Handlers {
  return {
    ...systemHandlers(s.system, s.staffAccess, s.clockStatus),
    ...staffHandlers(s.staffAccess, s.overrides),
    ...customerHandlers(s.desk, s.customers, s.overrides),
    ...paymentHandlers(s.desk, s.payments, s.catalog, s.receipts),
    ...disputeHandlers(s.disputes, s.fraud, s.overrides, s.receipts),
    ...auditHandlers(s.auditDesk),
    ...customerWindowHandlers(s.customerWindows, s.customerWindowSteps),
    ...approvalHandlers(s.approvals),
  }
}
