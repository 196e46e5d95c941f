import type { EntityManager } from 'typeorm'
import { DROPPED_PAN, type CardRepo, type CardRow } from '../../engine/payments/card.repo'
import { sql } from '../dialect'
import { CardEntity } from '../entities/card.entity'

export class SqlCardRepo implements CardRepo {
  constructor(private readonly m: EntityManager) {}

  private get cards() {
    return this.m.getRepository(CardEntity)
  }

  listForCustomer(customerId: string): Promise<CardRow[]> {
    return this.cards.find({ where: { customerId, status: 'saved' }, order: { lastUsedAt: 'DESC' } })
  }

  findForCustomer(customerId: string, cardId: string): Promise<CardRow | null> {
    return this.cards.findOne({ where: { id: cardId, customerId, status: 'saved' } })
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
    // A dropped card holds no PAN to re-seal and no fingerprint to re-make.
    const stale = fingerprintPrefix === null ? 'c.pan_sealed NOT LIKE :prefix' : '(c.pan_sealed NOT LIKE :prefix OR c.fingerprint NOT LIKE :fp)'
    const q = this.cards
      .createQueryBuilder('c')
      .where(`c.status <> 'dropped' AND ${stale}`, { prefix: `k${dataKeyVersion}:%`, fp: `${fingerprintPrefix ?? ''}%` })
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

  async recordUseInMonth(customerId: string, month: string, fingerprint: string, firstUsedAt: string, pendingPayment: string | null = null): Promise<void> {
    await sql(this.m, `INSERT INTO card_month_use (customer_id, month, fingerprint, first_used_at, pending_payment) VALUES (?, ?, ?, ?, ?)`, [
      customerId,
      month,
      fingerprint,
      firstUsedAt,
      pendingPayment,
    ])
  }

  async countHeldUse(paymentId: string): Promise<void> {
    await sql(this.m, `UPDATE card_month_use SET pending_payment = NULL WHERE pending_payment = ?`, [paymentId])
  }

  async releaseHeldUse(paymentId: string): Promise<void> {
    await sql(this.m, `DELETE FROM card_month_use WHERE pending_payment = ?`, [paymentId])
  }

  async confirmSaved(cardId: string): Promise<boolean> {
    const r = await this.cards.update({ id: cardId, status: 'pending' }, { status: 'saved' })
    return (r.affected ?? 0) > 0
  }

  async drop(cardId: string, status: 'pending' | 'saved', unusedBefore?: string): Promise<boolean> {
    const unused = unusedBefore === undefined ? '' : ' AND COALESCE(last_used_at, created_at) < :unusedBefore'
    const r = await this.cards
      .createQueryBuilder()
      .update()
      .set({ status: 'dropped', panSealed: DROPPED_PAN, fingerprint: `dropped:${cardId}` })
      .where(`id = :cardId AND status = :status${unused} AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.card_id = :cardId AND p.state = 'pending')`, {
        cardId,
        status,
        unusedBefore,
      })
      .execute()
    return (r.affected ?? 0) > 0
  }

  findUnusedSince(before: string, limit: number): Promise<CardRow[]> {
    return this.cards
      .createQueryBuilder('c')
      .where(`c.status = 'saved' AND COALESCE(c.last_used_at, c.created_at) < :before`, { before })
      .andWhere(`NOT EXISTS (SELECT 1 FROM payment p WHERE p.card_id = c.id AND p.state = 'pending')`)
      .orderBy('c.last_used_at', 'ASC')
      .limit(limit)
      .getMany()
  }
}
