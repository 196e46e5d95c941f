import type { EntityManager } from 'typeorm'
import type { AuditRepo } from '../../engine/audit/audit.repo'
import type { RepoShared } from '.'

export class SqlAuditRepo implements AuditRepo {
  constructor(private readonly m: EntityManager, _shared: RepoShared, _inTransaction: boolean) {}
}
