import type { EntityManager } from 'typeorm'
import type { CardRepo, CardRow } from '../../engine/payments/card.repo'
import { sql } from '../dialect'
import { CardEntity } from '../entities/card.entity'

export class SqlCardRepo implements CardRepo {
  constructor(private readonly m: EntityManager) {}

  private get cards() {
    return this.m.getRepository(CardEntity)
  }

  listForCustomer(customerId: string): Promise<CardRow[]> {
    return this.cards.find({ where: { customerId }, order: { lastUsedAt: 'DESC' } })
  }

  findForCustomer(customerId: string, cardId: string): Promise<CardRow | null> {
    return this.cards.findOne({ where: { id: cardId, customerId } })
  }

  findById(cardId: string): Promise<CardRow | null> {
    return this.cards.findOne({ where: { id: cardId } })
  }

  findByFingerprint(customerId: string, fingerprint: string): Promise<CardRow | null> {
    return this.cards.findOne({ where: { customerId, fingerprint } })
  }

  async insert(row: CardRow): Promise<void> {
    await this.cards.insert(row)
  }

  async refreshExpiry(cardId: string, expMonth: number, expYear: number, lastUsedAt: string): Promise<void> {
    await this.cards.update({ id: cardId }, { expMonth, expYear, lastUsedAt })
  }

  async markUsed(cardId: string, lastUsedAt: string): Promise<void> {
    await this.cards.update({ id: cardId }, { lastUsedAt })
  }

  async setThreeDsEnrolled(cardId: string, enrolled: boolean): Promise<void> {
    await this.cards.update({ id: cardId }, { threeDsEnrolled: enrolled })
  }

  findSealedUnderOtherKey(dataKeyVersion: number, fingerprintPrefix: string | null, limit: number): Promise<CardRow[]> {
    const q = this.cards.createQueryBuilder('c').where(`c.pan_sealed NOT LIKE :prefix`, { prefix: `k${dataKeyVersion}:%` })
    if (fingerprintPrefix !== null) q.orWhere('c.fingerprint NOT LIKE :fp', { fp: `${fingerprintPrefix}%` })
    return q
      .limit(limit)
      .getMany()
  }

  async reseal(cardId: string, panSealed: string): Promise<void> {
    await this.cards.update({ id: cardId }, { panSealed })
  }

  async refingerprint(customerId: string, from: string, to: string): Promise<void> {
    await sql(this.m, `UPDATE card SET fingerprint = ? WHERE customer_id = ? AND fingerprint = ?`, [to, customerId, from])
    await sql(this.m, `UPDATE card_month_use SET fingerprint = ? WHERE customer_id = ? AND fingerprint = ?`, [to, customerId, from])
  }

  async fingerprintsUsedInMonth(customerId: string, month: string): Promise<string[]> {
    const rows = await sql<{ fingerprint: string }[]>(this.m, `SELECT fingerprint FROM card_month_use WHERE customer_id = ? AND month = ?`, [customerId, month])
    return rows.map((r) => r.fingerprint)
  }

  async recordUseInMonth(customerId: string, month: string, fingerprint: string, firstUsedAt: string): Promise<void> {
    await sql(this.m, `INSERT INTO card_month_use (customer_id, month, fingerprint, first_used_at) VALUES (?, ?, ?, ?)`, [customerId, month, fingerprint, firstUsedAt])
  }
}
