import { FieldSeal } from '../crypto/field-seal'
import type { KeyRing } from '../crypto/key-ring'
import { macTag } from '../crypto/mac-tag'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { CustomerRepo, CustomerRow, CustomerSealed } from './customer.repo'

export interface CustomerClear {
  phone: string
  name: string
  dateOfBirth: string
}

/**
 * Customers' personal data at rest: phone, name and date of birth sealed with the ring's data key
 * (AAD binds each value to its row and field), and the phone found through a keyed blind index,
 * so the store can be searched by login without holding the number in clear.
 */
export class CustomerVault {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ring: KeyRing,
  ) {}

  /** The blind index under the active blind-index key version. */
  async phoneIndex(phone: string): Promise<string> {
    const { version, key } = await this.ring.mac('blind-index')
    return macTag(key, version, phone)
  }

  /** The index under every live version, newest first: rows not yet re-indexed after a rotation are found too. */
  private async phoneIndexes(phone: string): Promise<string[]> {
    const out: string[] = []
    for (const v of await this.ring.macVersions('blind-index')) out.push(macTag((await this.ring.macAt('blind-index', v))!, v, phone))
    return out
  }

  async seal(id: string, clear: CustomerClear): Promise<CustomerSealed> {
    return {
      phoneIndex: await this.phoneIndex(clear.phone),
      phoneSealed: this.ring.sealField(clear.phone, `customer:${id}:phone`),
      nameSealed: this.ring.sealField(clear.name, `customer:${id}:name`),
      dobSealed: this.ring.sealField(clear.dateOfBirth, `customer:${id}:dob`),
      legacyPhone: null,
      legacyName: null,
      legacyDob: null,
    }
  }

  open(row: CustomerRow): CustomerClear {
    if (row.phoneSealed === null || row.nameSealed === null || row.dobSealed === null) {
      return { phone: row.legacyPhone!, name: row.legacyName!, dateOfBirth: row.legacyDob! }
    }
    return {
      phone: this.ring.openField(row.phoneSealed, `customer:${row.id}:phone`),
      name: this.ring.openField(row.nameSealed, `customer:${row.id}:name`),
      dateOfBirth: this.ring.openField(row.dobSealed, `customer:${row.id}:dob`),
    }
  }

  /** `customers` is a transaction's repository when the lookup belongs to one. */
  async findByPhone(phone: string, customers: CustomerRepo = this.uow.repos.customers): Promise<CustomerRow | null> {
    for (const index of await this.phoneIndexes(phone)) {
      const row = await customers.findByPhoneIndex(index)
      if (row) return row
    }
    return null
  }

  async phoneOf(customerId: string): Promise<string> {
    return this.open(await this.uow.repos.customers.getById(customerId)).phone
  }

  /** One transaction re-seals the rows under the current data key. */
  private resealAll(rows: CustomerRow[]): Promise<void> {
    return this.uow.transaction([], async (tx) => {
      for (const r of rows) await tx.customers.reseal(r.id, await this.seal(r.id, this.open(r)))
    })
  }

  /** Rows written before migration 5 (clear legacy columns): sealed in one transaction. */
  async sealLegacyRows(): Promise<number> {
    const rows = await this.uow.repos.customers.findLegacy()
    if (rows.length === 0) return 0
    await this.resealAll(rows)
    return rows.length
  }

  /** After a data-key or blind-index rotation: re-seals and re-indexes rows still under an older version, a batch at a time. */
  async reencryptBatch(limit = 500): Promise<number> {
    const { version } = await this.ring.mac('blind-index')
    const rows = await this.uow.repos.customers.findSealedOtherThan(`k${this.ring.dataKeyVersion}:`, version === 1 ? null : `v${version}.`, limit)
    await this.resealAll(rows)
    return rows.length
  }

  /** A manual block's reason (S13), sealed like the personal fields (issue 15). */
  sealBlockReason(id: string, reason: string): string {
    return new FieldSeal(this.ring).seal('customer.block_reason', id, reason)
  }

  /** The row with its block reason opened, for the supervisor's lockouts list. */
  withBlockReason(row: CustomerRow): CustomerRow {
    return { ...row, blockReason: new FieldSeal(this.ring).openOrNull('customer.block_reason', row.id, row.blockReason) }
  }

  /** The phone from a sealed value read along with another row (a join), without reading the customer again. */
  openPhone(customerId: string, phoneSealed: string | null, legacyPhone: string | null): string {
    return phoneSealed === null ? legacyPhone! : this.ring.openField(phoneSealed, `customer:${customerId}:phone`)
  }
}
