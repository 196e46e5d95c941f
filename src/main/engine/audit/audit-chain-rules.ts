import { createHash, createHmac } from 'node:crypto'
import type { AuditEventRow, AuditOutcome, ChainLink } from './audit.repo'

export interface AuditInput {
  actorStaffId: string | null
  workstation: string
  customerRef?: string | null
  action: string
  outcome: AuditOutcome
  details?: Record<string, string | number | boolean | null>
}

/** The link the first event chains onto when nothing was ever purged. */
export const GENESIS_HASH = '0'.repeat(64)

/** S21: events are kept 10 years. */
export const RETENTION_YEARS = 10

/** Stable key order so the same event always hashes the same way. */
export function canonical(value: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(value)
      .sort()
      .reduce<Record<string, unknown>>((acc, k) => {
        acc[k] = value[k]
        return acc
      }, {}),
  )
}

/** The audit-chain key a link is made with, or null for the plain SHA-256 links of the part before migration 0010. */
export type LinkKey = { version: number; key: Buffer } | null

/**
 * The link of an event: HMAC-SHA-256 under the chain key of its `keyVersion` (the version is part
 * of what is signed), or, for the events before the keyed part, plain SHA-256 as before.
 */
export function hashEvent(row: Omit<AuditEventRow, 'hash'>, key: Buffer | null = null): string {
  const { prevHash, keyVersion, customerSealed, chainSeq, resealMac: _notLinked, ...base } = row
  // The place in a workstation's chain (migration 0018) is linked when there is one; the single chain has none.
  const rest = chainSeq === null || chainSeq === undefined ? base : { ...base, chainSeq }
  // The sealed copy is part of what is linked when there is one; events before migration 0014 have none.
  const content = customerSealed === null || customerSealed === undefined ? rest : { ...rest, customerSealed }
  if (keyVersion === null || keyVersion === undefined) {
    return createHash('sha256')
      .update(prevHash)
      .update(canonical(content as unknown as Record<string, unknown>))
      .digest('hex')
  }
  if (!key) throw new Error(`no audit-chain key version ${keyVersion}`)
  return createHmac('sha256', key)
    .update(prevHash)
    .update(canonical({ ...content, keyVersion }))
    .digest('hex')
}

/**
 * The event that follows `prev` in the chain, recorded at `at` (ISO), linked with `key`; `customerSealed` as stored.
 * In a workstation's chain (`prev.chainSeq` given) it also takes the next place in that chain.
 */
export function buildEvent(input: AuditInput & { customerSealed?: string | null }, prev: ChainLink, at: string, key: LinkKey): AuditEventRow {
  const base: Omit<AuditEventRow, 'hash'> = {
    seq: prev.seq + 1,
    at,
    actorStaffId: input.actorStaffId,
    workstation: input.workstation,
    customerRef: input.customerRef ?? null,
    customerSealed: input.customerSealed ?? null,
    action: input.action,
    outcome: input.outcome,
    details: canonical(input.details ?? {}),
    prevHash: prev.hash,
    keyVersion: key ? key.version : null,
    resealMac: null,
    ...(prev.chainSeq === undefined || prev.chainSeq === null ? {} : { chainSeq: prev.chainSeq + 1 }),
  }
  return { ...base, hash: hashEvent(base, key ? key.key : null) }
}

/**
 * Does the row follow `prev` unaltered: the next seq, chained onto its hash, keyed exactly when it
 * is in the keyed part (from `keyedFrom` on), its link matching under the key of its version?
 * `key` is the chain key of the row's version (null when the ring has none, or for a plain row).
 */
export function linksTo(row: AuditEventRow, prev: ChainLink, keyedFrom: number, key: Buffer | null): boolean {
  const { hash, ...rest } = row
  if (row.seq !== prev.seq + 1 || row.prevHash !== prev.hash) return false
  const keyed = row.seq >= keyedFrom
  if (keyed !== (row.keyVersion !== null)) return false
  if (keyed && !key) return false
  return hashEvent(rest, key) === hash
}

/** Where a workstation's chain stands: its last place (0 before its first event) and link. */
export interface ChainPlace {
  chainSeq: number
  hash: string
}

/** A workstation's chain starts from this link (its first event has chainSeq 1). */
export const CHAIN_START: ChainPlace = { chainSeq: 0, hash: GENESIS_HASH }

/**
 * Does an event of a workstation's chain (migration 0018) follow `prev`, the chain's previous place,
 * unaltered: the next place, chained onto its link, keyed (the workstation chains are all in the
 * keyed part), its link matching under `key`, the chain key of its version?
 */
export function chainLinksTo(row: AuditEventRow, prev: ChainPlace, key: Buffer | null): boolean {
  const { hash, ...rest } = row
  if (row.chainSeq !== prev.chainSeq + 1 || row.prevHash !== prev.hash) return false
  if (row.keyVersion === null || !key) return false
  return hashEvent(rest, key) === hash
}

/** Events recorded before this instant are due for retention. */
export function retentionCutoff(now: Date): Date {
  const cutoff = new Date(now)
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS)
  return cutoff
}

/** A retention archive: a sealed file (`audit-archive.ts`), CSV inside. */
export function archiveFileName(firstSeq: number, lastSeq: number): string {
  return `audit-archive-${firstSeq}-${lastSeq}.sealed`
}
