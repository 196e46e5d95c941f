import type { UnitOfWork } from '../kernel/unit-of-work'
import { FieldSeal, INDEX_DOMAIN, payeeOf } from './field-seal'
import { approvalAad } from '../approvals/approvals.service'
import { totpAad } from '../staff/staff-second-factor'
import { OWNED_SEALED_COLUMNS, SEALED_COLUMNS, type OwnedSealedColumn, type SealedColumn, type StoredField } from './sealed-field.repo'

const BATCH = 500

/** The AAD each owner seals an owned column's value with (the owners' own functions: one source). */
function ownedAad(column: OwnedSealedColumn, id: string): string {
  if (column === 'staff_totp.secret_sealed') return totpAad(id)
  return approvalAad(column.slice('approval_request.'.length, -'_sealed'.length), id)
}

/**
 * Issue 15, at start: rows written before migration 12 hold payment parameters, refund and block
 * reasons, fraud notes and session-key phones in clear. They are sealed (phones replaced by their
 * keyed index) a batch per transaction, so an interrupted start resumes where it stopped; once
 * anything was sealed the store is compacted so that no old clear page is left. Also the
 * re-encryption after a data-key rotation (`admin keys reencrypt`), approvals and staff TOTP secrets included.
 */
export class AtRestSealer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly fields: FieldSeal,
  ) {}

  /** Seals every clear row, then compacts the store if there were any; returns how many rows. */
  async sealClearRows(batch = BATCH): Promise<number> {
    let total = 0
    for (const column of SEALED_COLUMNS) {
      for (let n = await this.sealBatch(column, batch); n > 0; n = await this.sealBatch(column, batch)) total += n
    }
    for (let n = await this.indexSessionKeyBatch(batch); n > 0; n = await this.indexSessionKeyBatch(batch)) total += n
    if (total > 0) await this.uow.serial((repos) => repos.sealedFields.compact())
    return total
  }

  /** One transaction: at most `limit` clear values of the column sealed (a payment's payee indexed with it). */
  async sealBatch(column: SealedColumn, limit = BATCH): Promise<number> {
    return this.uow.transaction([], async ({ sealedFields }) => {
      const rows = await sealedFields.findClear(column, limit)
      for (const r of rows) {
        if (!(await sealedFields.replace(column, r.id, r.value, this.fields.seal(column, r.id, r.value)))) continue
        if (column === 'payment.params') await sealedFields.setPayeeIndex(r.id, await this.fields.index(INDEX_DOMAIN.payee, payeeOf(r.value)))
      }
      return rows.length
    })
  }

  private indexSessionKeyBatch(limit: number): Promise<number> {
    return this.uow.transaction([], async ({ sealedFields }) => {
      const phones = await sealedFields.clearSessionKeyPhones(limit)
      for (const phone of phones) await sealedFields.indexSessionKeyPhone(phone, await this.fields.index(INDEX_DOMAIN.sessionKeyPhone, phone))
      return phones.length
    })
  }

  /** After a data-key rotation: one batch of values still under an older key re-sealed under the active one (and payees re-indexed). */
  async reencryptBatch(limit = BATCH): Promise<number> {
    let total = 0
    for (const column of SEALED_COLUMNS) {
      total += await this.uow.transaction([], async ({ sealedFields }) => {
        const rows: StoredField[] = await sealedFields.findSealedOtherThan(column, this.fields.dataKeyPrefix, limit)
        for (const r of rows) await sealedFields.replace(column, r.id, r.value, this.fields.seal(column, r.id, this.fields.open(column, r.id, r.value)))
        return rows.length
      })
    }
    // After a blind-index rotation: each payee indexed under the active version, so the old one can leave the ring.
    const prefix = await this.fields.indexPrefix()
    if (prefix !== null) {
      total += await this.uow.transaction([], async ({ sealedFields }) => {
        const rows = await sealedFields.findPayeeIndexOtherThan(prefix, limit)
        for (const r of rows) await sealedFields.setPayeeIndex(r.id, await this.fields.index(INDEX_DOMAIN.payee, payeeOf(this.fields.open('payment.params', r.id, r.value))))
        return rows.length
      })
    }
    // Approvals and staff TOTP secrets (issue 15): sealed by their services, re-sealed here all the same.
    for (const column of OWNED_SEALED_COLUMNS) {
      total += await this.uow.transaction([], async ({ sealedFields }) => {
        const rows = await sealedFields.findOwnedOtherThan(column, this.fields.dataKeyPrefix, limit)
        for (const r of rows) await sealedFields.replaceOwned(column, r.id, r.value, this.fields.reseal(r.value, ownedAad(column, r.id)))
        return rows.length
      })
    }
    return total
  }
}
