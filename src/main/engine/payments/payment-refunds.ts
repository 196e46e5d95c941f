import type { PaymentReceiptDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { FieldSeal } from '../crypto/field-seal'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { PaymentHost } from './payment-host'
import type { PaymentReceipts } from './payment-receipts'
import { assertRefundable, type RefundCause } from './payment-rules'
import type { PaymentRefund } from './payment.repo'

/** The guaranteed refund (S18) or a fraud-case refund (S19): once per payment, whatever the retries. */
export class PaymentRefunds {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly host: PaymentHost,
    private readonly audit: AuditService,
    private readonly receipts: PaymentReceipts,
    private readonly fields: FieldSeal,
  ) {}

  async refund(paymentId: string, reason: string, actor: Actor, cause: RefundCause): Promise<PaymentReceiptDto> {
    const row = await this.uow.repos.payments.receiptById(paymentId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'Payment not found.')
    const p = row.payment
    assertRefundable(p, cause)
    await this.host.refund({ idempotencyKey: `refund:${p.id}`, hostRef: p.hostRef!, amountTiyn: p.amountTiyn })
    const refund: PaymentRefund = { state: 'refunded', refundedAt: this.clock.now().toISOString(), refundReason: this.fields.seal('payment.refund_reason', p.id, reason.trim()), refundedBy: actor.staffId, updatedAt: this.clock.now().toISOString() }
    // The refund's state and its audit event commit together (issue 14): a crash leaves both or neither
    // (the host refund is idempotent by its key, so a retry after a crash refunds once).
    const changed = await this.uow.transaction([], async (tx) => {
      if (!(await tx.payments.markRefunded(p.id, refund))) return false
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: this.receipts.phoneOf(row),
        action: 'payment.refund',
        outcome: 'success',
        details: { paymentId: p.id, amountTiyn: p.amountTiyn, cause, reason: reason.trim() },
      })
      return true
    })
    // Refunded meanwhile by another supervisor (the host refunded once: same idempotency key).
    if (!changed) throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'This payment cannot be refunded.', { state: 'refunded' })
    return this.receipts.of(row, { ...p, ...refund })
  }
}
