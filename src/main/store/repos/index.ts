import type { DataSource, EntityManager } from 'typeorm'
import type { Repos } from '../../engine/kernel/unit-of-work'
import { SqlApprovalRepo } from './approval.repo'
import type { AppendClocks, CachedChainHead } from './audit-fast-append'
import { SqlAuditRepo } from './audit.repo'
import { SqlCardRepo } from './card.repo'
import { SqlCustomerRepo } from './customer.repo'
import { SqlFraudRepo } from './fraud.repo'
import { SqlKeyRingRepo } from './key-ring.repo'
import { SqlPaymentRepo } from './payment.repo'
import { SqlSessionKeyRepo } from './session-key.repo'
import { SqlSmsStatusRepo } from './sms-status.repo'
import { SqlStaffRepo } from './staff.repo'
import { SqlStaffQuotaRepo } from './staff-quota.repo'
import { SqlStaffTotpRepo } from './staff-totp.repo'
import { SqlStoreInfoRepo } from './store-info.repo'
import { SqlSealedFieldRepo } from './sealed-field.repo'

/** State the repositories of one store share across transactions. */
export interface RepoShared {
  ds: DataSource
  /** The audit chain's last link, cached: in local mode this process is the only writer. */
  auditTail: { seq: number; hash: string } | null
  /** Branch mode: each workstation chain's head as this process last wrote or read it (the fast append, audit-fast-append.ts). */
  chainHeads: Map<string, CachedChainHead>
  /** How long since the chain's previous fast append, and since its INSERT reserved the next seq (back to back, audit-fast-append.ts). */
  clocks: AppendClocks
}

/** Every repository bound to one EntityManager (the data source's, or a transaction's). */
export function createRepos(m: EntityManager, shared: RepoShared, inTransaction: boolean): Repos {
  return {
    customers: new SqlCustomerRepo(m),
    sessionKeys: new SqlSessionKeyRepo(m),
    cards: new SqlCardRepo(m),
    payments: new SqlPaymentRepo(m),
    audit: new SqlAuditRepo(m, shared, inTransaction),
    keyRing: new SqlKeyRingRepo(m),
    sms: new SqlSmsStatusRepo(m),
    fraud: new SqlFraudRepo(m),
    staff: new SqlStaffRepo(m),
    staffQuota: new SqlStaffQuotaRepo(m),
    storeInfo: new SqlStoreInfoRepo(m),
    sealedFields: new SqlSealedFieldRepo(m),
    approvals: new SqlApprovalRepo(m),
    staffTotp: new SqlStaffTotpRepo(m),
  }
}
