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
  const keyed = row.keyVersion !== null && row.keyVersion !== undefined
  if (keyed && !key) throw new Error(`no audit-chain key version ${row.keyVersion}`)
  // One update of prevHash + content is the same digest as two updates, and cheaper.
  return (keyed ? createHmac('sha256', key!) : createHash('sha256')).update(linkText(row)).digest('hex')
}

/** What a link covers: the previous link, then the event's content as canonical JSON. */
export function linkText(row: Omit<AuditEventRow, 'hash'>): string {
  return row.prevHash + (contentJson(row) ?? canonicalContent(row))
}

/** A link computed off the walk's thread (`audit-link-pool.ts`) for a row read by the walk, with the key it was made under. */
const COMPUTED = Symbol('computedLink')
type Linked = AuditEventRow & { [COMPUTED]?: { key: Buffer | null; link: string } }

/** Remembers the link of `row` under `key` (null: plain SHA-256), computed from `linkText(row)` elsewhere. */
export function rememberLink(row: AuditEventRow, key: Buffer | null, link: string): void {
  ;(row as Linked)[COMPUTED] = { key, link }
}

/** Does the stored row's link match under `key`: by the link computed ahead for this row and key, else computed now. */
function linkMatches(row: AuditEventRow, key: Buffer | null): boolean {
  const known = (row as Linked)[COMPUTED]
  return (known && known.key === key ? known.link : hashEvent(row, key)) === row.hash
}

/**
 * What a link covers, as canonical JSON (keys sorted): the event without its links and its reseal
 * MAC; its place in a workstation's chain (migration 0018) and its sealed copy (migration 0014)
 * when it has them; its key version when keyed.
 */
function canonicalContent(row: Omit<AuditEventRow, 'hash'>): string {
  const { prevHash: _prev, keyVersion, customerSealed, chainSeq, resealMac: _notLinked, ...base } = row as Omit<AuditEventRow, 'hash'> & { hash?: string }
  delete base.hash
  const rest = chainSeq === null || chainSeq === undefined ? base : { ...base, chainSeq }
  const content = customerSealed === null || customerSealed === undefined ? rest : { ...rest, customerSealed }
  return canonical(keyVersion === null || keyVersion === undefined ? content : { ...content, keyVersion })
}

/** The fields a stored event has; `contentJson` writes the canonical JSON of exactly these. */
const EVENT_FIELDS = new Set(['seq', 'at', 'actorStaffId', 'workstation', 'customerRef', 'customerSealed', 'action', 'outcome', 'details', 'prevHash', 'hash', 'keyVersion', 'resealMac', 'chainSeq'])
const REQUIRED: readonly string[] = ['seq', 'at', 'actorStaffId', 'workstation', 'customerRef', 'action', 'outcome', 'details']

/**
 * `canonicalContent` written field by field, byte for byte the same (the walk of a long trail
 * spends most of its time here otherwise); null for a row of another shape (a field missing or
 * one it does not know), which then takes the general path.
 */
function contentJson(row: Omit<AuditEventRow, 'hash'>): string | null {
  for (const k in row) if (!EVENT_FIELDS.has(k)) return null
  for (const k of REQUIRED) if ((row as Record<string, unknown>)[k] === undefined) return null
  const j = JSON.stringify
  let s = `{"action":${j(row.action)},"actorStaffId":${j(row.actorStaffId)},"at":${j(row.at)}`
  if (row.chainSeq !== null && row.chainSeq !== undefined) s += `,"chainSeq":${j(row.chainSeq)}`
  s += `,"customerRef":${j(row.customerRef)}`
  if (row.customerSealed !== null && row.customerSealed !== undefined) s += `,"customerSealed":${j(row.customerSealed)}`
  s += `,"details":${j(row.details)}`
  if (row.keyVersion !== null && row.keyVersion !== undefined) s += `,"keyVersion":${j(row.keyVersion)}`
  return `${s},"outcome":${j(row.outcome)},"seq":${j(row.seq)},"workstation":${j(row.workstation)}}`
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
  if (row.seq !== prev.seq + 1 || row.prevHash !== prev.hash) return false
  const keyed = row.seq >= keyedFrom
  if (keyed !== (row.keyVersion !== null)) return false
  if (keyed && !key) return false
  return linkMatches(row, key)
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
  if (row.chainSeq !== prev.chainSeq + 1 || row.prevHash !== prev.hash) return false
  if (row.keyVersion === null || !key) return false
  return linkMatches(row, key)
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
