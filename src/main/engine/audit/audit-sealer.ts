import { canonical, type AuditInput } from './audit-chain-rules'
import type { AuditKeys } from './audit-keys'
import { customerAad, detailAad, detailsToSeal, pseudonym, PSEUDONYM, resealMac, SEALED_VALUE, type MacKey } from './audit-seal-rules'
import type { AuditEventRow } from './audit.repo'

type Details = Record<string, unknown>

function parse(details: string): Details | null {
  try {
    const parsed = JSON.parse(details) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Details) : null
  } catch {
    return null
  }
}

/**
 * Customer data in the audit trail (issue 15): the customer named by a keyed pseudonym with a sealed
 * copy of the phone, free text and phones in details sealed, each sealed value bound to its event's
 * seq and column. Opening is for the supervisor's screen, the CSV export and archives only: the
 * chain links the stored values and is verified without opening anything.
 */
export class AuditSealer {
  constructor(private readonly keys: AuditKeys) {}

  /** The one place the pseudonym key comes from: the active blind-index key; the pseudonym carries its version. */
  async pseudonymKey(): Promise<MacKey> {
    return this.keys.mac('blind-index')
  }

  /**
   * What a phone is stored as in `customer_ref`, under every key version in use. Events recorded before
   * migration 0014 are sealed at start, before any search, so the phone itself is never looked for.
   */
  async refsOf(phone: string): Promise<string[]> {
    const refs: string[] = []
    for (const version of await this.keys.macVersions('blind-index')) {
      const key = await this.keys.macAt('blind-index', version)
      if (key) refs.push(pseudonym(phone, { version, key }))
    }
    return refs
  }

  /** The event as stored: sealed for the seq it will have. */
  seal(input: AuditInput, seq: number, key: MacKey): AuditInput & { customerSealed: string | null } {
    const phone = input.customerRef ?? null
    const details = input.details ?? {}
    const sealed = detailsToSeal(input.action, details)
    return {
      ...input,
      customerRef: phone === null ? null : pseudonym(phone, key),
      customerSealed: phone === null ? null : this.keys.sealField(phone, customerAad(seq)),
      details: sealed.length === 0 ? details : { ...details, ...Object.fromEntries(sealed.map((k) => [k, this.keys.sealField(details[k] as string, detailAad(seq, k))])) },
    }
  }

  /**
   * An event recorded before migration 0014, with clear values, sealed in place: the same link,
   * and a reseal MAC under the chain key over the sealed row (the caller checked the clear link first).
   */
  resealed(row: AuditEventRow, key: MacKey, chainKey: MacKey): AuditEventRow {
    const phone = row.customerRef !== null && !PSEUDONYM.test(row.customerRef) ? row.customerRef : null
    const parsed = parse(row.details)
    const sealed = parsed ? detailsToSeal(row.action, parsed) : []
    const out: AuditEventRow = {
      ...row,
      customerRef: phone === null ? row.customerRef : pseudonym(phone, key),
      customerSealed: phone === null ? row.customerSealed : this.keys.sealField(phone, customerAad(row.seq)),
      details:
        parsed && sealed.length > 0
          ? canonical({ ...parsed, ...Object.fromEntries(sealed.map((k) => [k, this.keys.sealField(parsed[k] as string, detailAad(row.seq, k))])) })
          : row.details,
      resealMac: null,
    }
    return { ...out, resealMac: resealMac(out, chainKey) }
  }

  /** The event as a supervisor reads it: the phone and sealed details opened (a value that does not open is shown as stored). */
  open(row: AuditEventRow): AuditEventRow {
    const customerRef = row.customerSealed === null ? row.customerRef : this.tryOpen(row.customerSealed, customerAad(row.seq))
    const parsed = parse(row.details)
    if (!parsed) return { ...row, customerRef }
    const opened = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' && SEALED_VALUE.test(v) ? this.tryOpen(v, detailAad(row.seq, k)) : v]))
    return { ...row, customerRef, details: canonical(opened) }
  }

  private tryOpen(value: string, aad: string): string {
    try {
      return this.keys.openField(value, aad)
    } catch {
      return value
    }
  }
}
