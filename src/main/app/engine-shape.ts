import type { DataSource } from 'typeorm'
import type { ApprovalService } from '../engine/approvals/approvals.service'
import type { AuditReview } from '../engine/audit/audit-review'
import type { AuditService } from '../engine/audit/audit.service'
import type { CounterSessions } from '../engine/counter/counter-sessions'
import type { CustomerWindows } from '../engine/counter/customer-window.service'
import type { CustomerWindowSteps } from '../engine/counter/customer-window-steps'
import type { CardRemoval } from '../engine/payments/card-removal'
import type { KeyRing } from '../engine/crypto/key-ring'
import type { AtRestSealer } from '../engine/crypto/at-rest-sealer'
import type { Argon2Params, PasswordHasher } from '../engine/crypto/password-hasher'
import type { CustomerVault } from '../engine/customers/customer-vault'
import type { CustomerService } from '../engine/customers/customer.service'
import type { Clock } from '../engine/kernel/clock'
import type { Logger } from '../engine/kernel/logger'
import type { SmsGateway } from '../engine/kernel/ports'
import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import type { BinTable } from '../engine/payments/bin-table'
import type { CardPurge } from '../engine/payments/card-purge'
import type { CardVault } from '../engine/payments/card-vault'
import type { ProviderCatalog } from '../engine/payments/catalog'
import type { FraudService } from '../engine/payments/fraud.service'
import type { PaymentHost } from '../engine/payments/payment-host'
import type { PaymentService } from '../engine/payments/payment.service'
import type { SimulatorHost } from '../engine/payments/simulator-host'
import type { SessionKeyService } from '../engine/session-keys/session-keys.service'
import type { TransactionConfirmations } from '../engine/session-keys/transaction-confirmation'
import type { OutboxSmsGateway } from '../engine/sms/outbox'
import type { StaffSessions } from '../engine/staff/staff-sessions'
import type { Sleep } from '../engine/staff/staff-sign-in'
import type { StaffService } from '../engine/staff/staff.service'
import type { StaffSecondFactor } from '../engine/staff/staff-second-factor'
import type { GateServices } from '../ipc/handlers'
import type { AppConfig } from './config'

// What createEngine (composition-root.ts) needs and gives: Electron, the browser shell, the admin
// CLI and the tests all hold an Engine.

export interface EngineDeps {
  config: AppConfig
  clock?: Clock
  logger?: Logger
  argon2?: Argon2Params
  /** Defaults to the embedded outbox (the browser shell's dev phone view reads it). */
  sms?: SmsGateway
  /** Defaults to the embedded simulator host (a real acquirer adapter plugs in here). */
  paymentHost?: PaymentHost
  /** The per-connection delay after failed staff sign-ins; defaults to a timer. */
  sleep?: Sleep
}

export interface Engine {
  config: AppConfig
  ds: DataSource
  /** The store as the engine sees it: repositories and transactions. */
  uow: UnitOfWork
  schemaVersion: number
  clock: Clock
  logger: Logger
  audit: AuditService
  staff: StaffService
  /** PCI DSS 8.4.2: staff TOTP; `verify(staffId, code, actor, purpose)` also serves re-authentication. */
  staffSecondFactor: StaffSecondFactor
  sessions: StaffSessions
  hasher: PasswordHasher
  sessionKeys: SessionKeyService
  customers: CustomerService
  confirmations: TransactionConfirmations
  /** The customer signed in at each window's counter; ends with the window's staff session. */
  counter: CounterSessions
  auditReview: AuditReview
  /** Four-eyes requests (issue 13); the admin CLI registers key rotation on it. */
  approvals: ApprovalService
  /** The embedded SMS outbox when it is the gateway in use, else null. */
  outbox: OutboxSmsGateway | null
  keys: KeyRing
  bins: BinTable
  catalog: ProviderCatalog
  vault: CardVault
  customerVault: CustomerVault
  /** Issue 15: payment parameters, reasons, notes and session-key phones sealed at rest. */
  atRest: AtRestSealer
  payments: PaymentService
  fraud: FraudService
  /** The simulator when it is the host in use, else null. */
  simulator: SimulatorHost | null
  /** What the IPC gate serves (src/main/ipc/gate.ts). */
  gate: GateServices
  /** The customer-facing windows paired with teller windows (issue 12). */
  customerWindows: CustomerWindows
  /** Sign-in, payment card and payment key steps of the customer window (issue 12). */
  customerWindowSteps: CustomerWindowSteps
  /** Issue 12: saved cards unused for TELLER_CARD_PURGE_MONTHS are purged (at start and daily). */
  cardPurge: CardPurge
  cardRemoval: CardRemoval
  close(): Promise<void>
}
