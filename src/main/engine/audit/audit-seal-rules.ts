import { createHmac } from 'node:crypto'
import { canonical, hashEvent } from './audit-chain-rules'
import type { AuditEventRow, ChainLink } from './audit.repo'

/** A versioned HMAC key (the blind-index key names customers, the chain key makes reseal MACs). */
export interface MacKey {
  version: number
  key: Buffer
}

/** `b<blind-index key version>:<HMAC-SHA-256 hex>`: how the audit trail names a customer. */
export const PSEUDONYM = /^b[0-9]+:[0-9a-f]{64}$/

/** A value sealed by the key ring (`k<data key version>:v1.…`). */
export const SEALED_VALUE = /^k[0-9]+:v1\./

/** The keyed pseudonym of a phone (E.164): the same phone always gives the same pseudonym under one key version. */
export function pseudonym(phone: string, key: MacKey): string {
  return `b${key.version}:${createHmac('sha256', key.key).update(phone).digest('hex')}`
}

/**
 * Details that carry text typed by staff or a customer's data, per action: they are stored sealed.
 * Codes, ids, counts and enumerations stay readable. A new free-text detail belongs here.
 */
export const SEALED_DETAILS: Readonly<Record<string, readonly string[]>> = {
  'customer.block': ['reason'],
  'customer.unblock': ['reason'],
  'customer.unlock': ['reason'],
  'payment.refund': ['reason'],
  'staff.unlock': ['reason'],
  'audit.search': ['filters'],
  'audit.export': ['filters'],
}

/** Kazakhstan phone numbers however written (+7 7xx…, 8 7xx…, spaces, dashes): sealed wherever they appear in details. */
const PHONE_LIKE = /(?<![0-9A-Za-z])(?:\+?7|8)[\s-]*\(?7\d{2}\)?[\s-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![0-9A-Za-z])/

/** The detail keys of an event to store sealed: those of its action, and any string holding a phone number. */
export function detailsToSeal(action: string, details: Record<string, unknown>): string[] {
  const listed = SEALED_DETAILS[action] ?? []
  return Object.keys(details).filter((k) => typeof details[k] === 'string' && (listed.includes(k) || PHONE_LIKE.test(details[k] as string)))
}

/** The associated data of a sealed value: the table, the column (and detail key) and the event's seq. */
export const customerAad = (seq: number): string => `audit_event:customer_sealed:${seq}`
export const detailAad = (seq: number, key: string): string => `audit_event:details.${key}:${seq}`

/** The HMAC that vouches for an event sealed in place: the whole stored row, its link included. */
export function resealMac(row: Omit<AuditEventRow, 'resealMac'>, key: MacKey): string {
  // Only events of the single chain are ever sealed in place: the column of migration 0018 is not theirs.
  const { resealMac: _ignored, chainSeq: _none, ...content } = row as AuditEventRow
  return `${key.version}:${createHmac('sha256', key.key).update('audit-reseal\n').update(canonical(content as unknown as Record<string, unknown>)).digest('hex')}`
}

/** The chain key version a reseal MAC was made with, or null when the value is not one. */
export function resealMacVersion(mac: string): number | null {
  const m = /^([0-9]+):[0-9a-f]{64}$/.exec(mac)
  return m ? Number(m[1]) : null
}

/** Does a clear event (before sealing) match its own link: checked before it is sealed in place. */
export function clearRowIntact(row: AuditEventRow, keyedFrom: number, key: Buffer | null): boolean {
  const { hash, ...rest } = row
  if ((row.seq >= keyedFrom) !== (row.keyVersion !== null)) return false
  if (row.keyVersion !== null && !key) return false
  return hashEvent(rest, key) === hash
}

/**
 * Does an event sealed in place follow `prev`: the next seq, chained onto its hash, keyed exactly
 * in the keyed part, in the part recorded before the sealed format, naming the customer by a
 * pseudonym, and its reseal MAC right under the chain key of its version (`key`)?
 */
export function resealedLinksTo(row: AuditEventRow, prev: ChainLink, keyedFrom: number, sealedFrom: number, key: Buffer | null): boolean {
  if (row.seq !== prev.seq + 1 || row.prevHash !== prev.hash || row.resealMac === null || !key) return false
  if (row.seq >= sealedFrom || (row.seq >= keyedFrom) !== (row.keyVersion !== null)) return false
  if (row.customerRef !== null && !PSEUDONYM.test(row.customerRef)) return false
  const version = resealMacVersion(row.resealMac)
  return version !== null && resealMac(row, { version, key }) === row.resealMac
}

/** Events of the sealed part name the customer only by a pseudonym, with its sealed copy, and are never resealed. */
export function sealedFormatHolds(row: AuditEventRow): boolean {
  if (row.resealMac !== null) return false
  if (row.customerRef === null) return row.customerSealed === null
  return PSEUDONYM.test(row.customerRef) && row.customerSealed !== null && SEALED_VALUE.test(row.customerSealed)
}
