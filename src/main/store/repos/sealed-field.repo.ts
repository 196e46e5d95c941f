import type { EntityManager } from 'typeorm'
import type { OwnedSealedColumn, SealedColumn, SealedFieldRepo, StoredField } from '../../engine/crypto/sealed-field.repo'
import { isPostgres, sql } from '../dialect'

/** Where each sealed column lives: a fixed list, so no SQL is ever built from outside input. */
const WHERE: Record<SealedColumn, { entity: string; table: string; column: string; property: string }> = {
  'payment.params': { entity: 'Payment', table: 'payment', column: 'params', property: 'params' },
  'payment.refund_reason': { entity: 'Payment', table: 'payment', column: 'refund_reason', property: 'refundReason' },
  'customer.block_reason': { entity: 'Customer', table: 'customer', column: 'block_reason', property: 'blockReason' },
  'fraud_note.text': { entity: 'FraudNote', table: 'fraud_note', column: 'text', property: 'text' },
}

/** The owned sealed columns (approvals, staff TOTP): table, key column, column. */
const OWNED: Record<OwnedSealedColumn, { table: string; key: string; column: string }> = {
  'approval_request.params_sealed': { table: 'approval_request', key: 'id', column: 'params_sealed' },
  'approval_request.maker_reason_sealed': { table: 'approval_request', key: 'id', column: 'maker_reason_sealed' },
  'approval_request.checker_reason_sealed': { table: 'approval_request', key: 'id', column: 'checker_reason_sealed' },
  'staff_totp.secret_sealed': { table: 'staff_totp', key: 'staff_id', column: 'secret_sealed' },
}

export class SqlSealedFieldRepo implements SealedFieldRepo {
  constructor(private readonly m: EntityManager) {}

  /** A value sealed by the key ring (`k<version>:v1.…`), in each dialect's pattern language. */
  private sealed(column: string): string {
    return isPostgres(this.m) ? `"${column}" ~ '^k[0-9]+:v1[.]'` : `"${column}" GLOB 'k[0-9]*:v1.*'`
  }

  private async select(c: SealedColumn, condition: string, params: unknown[], limit: number): Promise<StoredField[]> {
    const w = WHERE[c]
    const rows = await sql<{ id: string | number; value: string }[]>(
      this.m,
      `SELECT id, "${w.column}" AS value FROM ${w.table} WHERE "${w.column}" IS NOT NULL AND ${condition} ORDER BY id LIMIT ?`,
      [...params, limit],
    )
    return rows.map((r) => ({ id: String(r.id), value: r.value }))
  }

  findClear(c: SealedColumn, limit: number): Promise<StoredField[]> {
    return this.select(c, `NOT (${this.sealed(WHERE[c].column)})`, [], limit)
  }

  findSealedOtherThan(c: SealedColumn, keyPrefix: string, limit: number): Promise<StoredField[]> {
    const w = WHERE[c]
    return this.select(c, `${this.sealed(w.column)} AND substr("${w.column}", 1, ?) <> ?`, [keyPrefix.length, keyPrefix], limit)
  }

  async replace(c: SealedColumn, id: string, was: string, value: string): Promise<boolean> {
    const w = WHERE[c]
    const r = await this.m
      .createQueryBuilder()
      .update(w.entity)
      .set({ [w.property]: value })
      .where(`id = :id AND "${w.column}" = :was`, { id: w.table === 'fraud_note' ? Number(id) : id, was })
      .execute()
    return (r.affected ?? 0) > 0
  }

  async findOwnedOtherThan(c: OwnedSealedColumn, keyPrefix: string, limit: number): Promise<StoredField[]> {
    const w = OWNED[c]
    const rows = await sql<{ id: string; value: string }[]>(
      this.m,
      `SELECT ${w.key} AS id, ${w.column} AS value FROM ${w.table} WHERE ${w.column} IS NOT NULL AND substr(${w.column}, 1, ?) <> ? ORDER BY ${w.key} LIMIT ?`,
      [keyPrefix.length, keyPrefix, limit],
    )
    return rows.map((r) => ({ id: String(r.id), value: r.value }))
  }

  async replaceOwned(c: OwnedSealedColumn, id: string, was: string, value: string): Promise<void> {
    const w = OWNED[c]
    await sql(this.m, `UPDATE ${w.table} SET ${w.column} = ? WHERE ${w.key} = ? AND ${w.column} = ?`, [value, id, was])
  }

  async findPayeeIndexOtherThan(indexPrefix: string, limit: number): Promise<StoredField[]> {
    const rows = await sql<{ id: string; value: string }[]>(
      this.m,
      `SELECT id, params AS value FROM payment WHERE payee_index IS NOT NULL AND substr(payee_index, 1, ?) <> ? ORDER BY id LIMIT ?`,
      [indexPrefix.length, indexPrefix, limit],
    )
    return rows.map((r) => ({ id: String(r.id), value: r.value }))
  }

  async setPayeeIndex(paymentId: string, payeeIndex: string): Promise<void> {
    await sql(this.m, `UPDATE payment SET payee_index = ? WHERE id = ?`, [payeeIndex, paymentId])
  }

  async clearSessionKeyPhones(limit: number): Promise<string[]> {
    const rows = await sql<{ phone: string }[]>(this.m, `SELECT DISTINCT phone_index AS phone FROM session_key WHERE phone_index LIKE '+%' ORDER BY phone_index LIMIT ?`, [limit])
    return rows.map((r) => r.phone)
  }

  async indexSessionKeyPhone(phone: string, phoneIndex: string): Promise<void> {
    await sql(this.m, `UPDATE session_key SET phone_index = ? WHERE phone_index = ?`, [phoneIndex, phone])
  }

  async compact(): Promise<void> {
    if (isPostgres(this.m)) {
      // An UPDATE leaves the clear tuple behind as a dead one, and plain VACUUM only marks its space
      // reusable (the bytes stay): the sealed tables and their indexes are rewritten into new files.
      await this.m.query('VACUUM FULL payment, customer, fraud_note, session_key')
      return
    }
    await this.m.query('PRAGMA wal_checkpoint(TRUNCATE)')
    await this.m.query('VACUUM')
    await this.m.query('PRAGMA wal_checkpoint(TRUNCATE)')
  }
}
