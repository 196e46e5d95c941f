import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm'
import type { PaymentOutcome, PaymentReceiptRow, PaymentRefund, PaymentRepo, PaymentRow } from '../../engine/payments/payment.repo'
import { CardEntity } from '../entities/card.entity'
import { CustomerEntity } from '../entities/customer.entity'
import { PaymentEntity } from '../entities/payment.entity'

interface ReceiptExtras {
  p_id: string
  c_masked: string
  c_brand: string
  u_phone_sealed: string | null
  u_legacy_phone: string | null
}

export class SqlPaymentRepo implements PaymentRepo {
  constructor(private readonly m: EntityManager) {}

  private get payments() {
    return this.m.getRepository(PaymentEntity)
  }

  findById(paymentId: string): Promise<PaymentRow | null> {
    return this.payments.findOne({ where: { id: paymentId } })
  }

  findOfCustomer(paymentId: string, customerId: string): Promise<PaymentRow | null> {
    return this.payments.findOne({ where: { id: paymentId, customerId } })
  }

  findPending(): Promise<PaymentRow[]> {
    return this.payments.find({ where: { state: 'pending' } })
  }

  async insert(row: PaymentRow): Promise<void> {
    await this.payments.insert(row)
  }

  async recordOutcome(paymentId: string, outcome: PaymentOutcome): Promise<boolean> {
    const r = await this.payments.update({ id: paymentId, state: 'pending' }, outcome)
    return (r.affected ?? 0) === 1
  }

  async markNeverReceived(paymentId: string, at: string): Promise<boolean> {
    const r = await this.payments.update({ id: paymentId, state: 'pending' }, { state: 'failed', declineReason: 'host-never-received', updatedAt: at })
    return (r.affected ?? 0) === 1
  }

  async markRefunded(paymentId: string, refund: PaymentRefund): Promise<boolean> {
    const changed = await this.payments.update({ id: paymentId, state: 'approved' }, refund)
    return Boolean(changed.affected)
  }

  async countReceiptPrint(paymentId: string): Promise<number> {
    await this.payments.increment({ id: paymentId }, 'receiptPrints', 1)
    const row = await this.payments.findOne({ where: { id: paymentId }, select: { id: true, receiptPrints: true } })
    return row?.receiptPrints ?? 0
  }

  async receiptById(paymentId: string): Promise<PaymentReceiptRow | null> {
    const [row] = await this.receipts(this.receiptQuery().where({ id: paymentId }))
    return row ?? null
  }

  async receiptByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<PaymentReceiptRow | null> {
    const [row] = await this.receipts(this.receiptQuery().where({ idempotencyKey, customerId }))
    return row ?? null
  }

  historyOf(customerId: string, limit: number): Promise<PaymentReceiptRow[]> {
    return this.receipts(this.receiptQuery().where({ customerId }).orderBy('p.createdAt', 'DESC').limit(limit))
  }

  byPayeeIndex(payeeIndexes: readonly string[], limit: number): Promise<PaymentReceiptRow[]> {
    return this.receipts(this.receiptQuery().where({ payeeIndex: In([...payeeIndexes]) }).orderBy('p.createdAt', 'DESC').limit(limit))
  }

  flaggedForRefund(): Promise<PaymentReceiptRow[]> {
    return this.receipts(this.receiptQuery().where({ threeDsBypassed: true, state: 'approved' }).orderBy('p.createdAt', 'DESC'))
  }

  /** Payment, card and customer in one statement: a receipt list costs one query, not three per row. */
  private receiptQuery(): SelectQueryBuilder<PaymentRow> {
    return this.payments
      .createQueryBuilder('p')
      .innerJoin(CardEntity.options.name, 'c', 'c.id = p.cardId')
      .innerJoin(CustomerEntity.options.name, 'u', 'u.id = p.customerId')
      .addSelect(['c.masked', 'c.brand', 'u.phoneSealed', 'u.legacyPhone'])
  }

  private async receipts(q: SelectQueryBuilder<PaymentRow>): Promise<PaymentReceiptRow[]> {
    const { entities, raw } = await q.getRawAndEntities<ReceiptExtras>()
    const extras = new Map(raw.map((r) => [r.p_id, r]))
    return entities.map((payment) => {
      const x = extras.get(payment.id)!
      return {
        payment,
        card: { masked: x.c_masked, brand: x.c_brand },
        customer: { id: payment.customerId, phoneSealed: x.u_phone_sealed, legacyPhone: x.u_legacy_phone },
      }
    })
  }
}
