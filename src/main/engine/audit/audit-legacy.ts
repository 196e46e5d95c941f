import type { UnitOfWork } from '../kernel/unit-of-work'
import type { AuditKeys } from './audit-keys'
import { clearRowIntact } from './audit-seal-rules'
import type { AuditSealer } from './audit-sealer'

/** An event that does not match its own link is never sealed (that would vouch for an edit): the job stops. */
export class UnsealableAuditEventError extends Error {
  constructor(readonly seq: number) {
    super(`Audit event #${seq} does not match its link: it is not sealed in place. Run "audit verify" and call support.`)
    this.name = 'UnsealableAuditEventError'
  }
}

/**
 * Seals up to `limit` events recorded before migration 0014 in place (issue 15), oldest first.
 * Each one's clear link is checked first; each update is one conditional statement, so the job can
 * stop anywhere and resume (two workstations running it at once seal each event once).
 */
export async function sealLegacyBatch(uow: UnitOfWork, keys: AuditKeys, sealer: AuditSealer, limit: number): Promise<number> {
  const { audit } = uow.repos
  const sealedFrom = await audit.sealedFrom()
  const rows = await audit.unsealedPage(sealedFrom, limit)
  if (rows.length === 0) return 0
  const keyedFrom = await audit.keyedFrom()
  const pkey = await sealer.pseudonymKey()
  const chainKey = keys.chainKey()
  let sealed = 0
  for (const row of rows) {
    const key = row.keyVersion === null ? null : await keys.chainKeyAt(row.keyVersion)
    if (!clearRowIntact(row, keyedFrom, key)) throw new UnsealableAuditEventError(row.seq)
    if (await uow.serial((repos) => repos.audit.reseal(sealer.resealed(row, pkey, chainKey)))) sealed++
  }
  return sealed
}
