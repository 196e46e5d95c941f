import type { ApprovalRepo } from '../approvals/approval.repo'
import type { AuditRepo } from '../audit/audit.repo'
import type { CardRepo } from '../payments/card.repo'
import type { CustomerRepo } from '../customers/customer.repo'
import type { FraudRepo } from '../payments/fraud.repo'
import type { KeyRingRepo } from '../crypto/key-ring.repo'
import type { PaymentRepo } from '../payments/payment.repo'
import type { SessionKeyRepo } from '../session-keys/session-key.repo'
import type { SmsStatusRepo } from '../sms/sms-status.repo'
import type { StaffRepo } from '../staff/staff.repo'
import type { StaffQuotaRepo } from '../staff/staff-quota.repo'
import type { StaffTotpRepo } from '../staff/staff-totp.repo'
import type { StoreInfoRepo } from './store-info.repo'
import type { SealedFieldRepo } from '../crypto/sealed-field.repo'

/** One repository per aggregate. The engine sees these interfaces only; src/main/store implements them. */
export interface Repos {
  customers: CustomerRepo
  sessionKeys: SessionKeyRepo
  cards: CardRepo
  payments: PaymentRepo
  audit: AuditRepo
  keyRing: KeyRingRepo
  sms: SmsStatusRepo
  fraud: FraudRepo
  staff: StaffRepo
  staffQuota: StaffQuotaRepo
  storeInfo: StoreInfoRepo
  sealedFields: SealedFieldRepo
  approvals: ApprovalRepo
  staffTotp: StaffTotpRepo
}

/**
 * How the engine reaches the store. It hides the serial queue (SQLite has one connection, so two
 * interleaved transactions would nest), transactions, cross-workstation advisory locks (branch
 * mode) and the SQL dialect.
 */
export interface UnitOfWork {
  /** Repositories outside any transaction: reads, and writes that are one statement. */
  readonly repos: Repos
  /**
   * One read-decide-write: serialised with every other write of this process, in one transaction,
   * holding each named lock (e.g. `session-key:+77011234567`) until it commits. In branch mode the
   * locks serialise the same decision across workstations; locally the queue already does.
   */
  transaction<T>(locks: readonly string[], work: (tx: Repos) => Promise<T>): Promise<T>
  /** Writes serialised with every transaction, each statement committing on its own. */
  serial<T>(work: (repos: Repos) => Promise<T>): Promise<T>
  /** Holds a named cross-process lock (not a transaction) around work that commits in steps. */
  exclusive<T>(lock: string, work: () => Promise<T>): Promise<T>
}
