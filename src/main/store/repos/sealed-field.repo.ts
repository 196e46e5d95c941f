import type { EntityManager } from 'typeorm'
import type { SealedColumn, SealedFieldRepo, StoredField } from '../../engine/crypto/sealed-field.repo'
import { isPostgres, sql } from '../dialect'

/** Where each sealed column lives: a fixed list, so no SQL is ever built from outside input. */
const WHERE: Record<SealedColumn, { entity: string; table: string; column: string; property: string }> = {
  'payment.params': { entity: 'Payment', table: 'payment', column: 'params', property: 'params' },
  'payment.refund_reason': { entity: 'Payment', table: 'payment', column: 'refund_reason', property: 'refundReason' },
  'customer.block_reason': { entity: 'Customer', table: 'customer', column: 'block_reason', property: 'blockReason' },
  'fraud_note.text': { entity: 'FraudNote', table: 'fraud_note', column: 'text', property: 'text' },
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
    if (isPostgres(this.m)) return
    await this.m.query('PRAGMA wal_checkpoint(TRUNCATE)')
    await this.m.query('VACUUM')
    await this.m.query('PRAGMA wal_checkpoint(TRUNCATE)')
  }
}
