import type { PaymentReceiptDto } from '../../../shared/dto'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { FraudService } from './fraud.service'
import type { PaymentService } from './payment.service'

/**
 * Supervisor work on disputed payments: the guaranteed S18 refund (only ever for a 3-D Secure
 * bypass; S19 fraud-case refunds go through the case itself) and the audited fraud-case export.
 */
export class DisputesDesk {
  constructor(
    private readonly payments: Pick<PaymentService, 'refund' | 'flaggedForRefund'>,
    private readonly fraud: Pick<FraudService, 'exportCsv'>,
    private readonly audit: AuditService,
  ) {}

  flaggedRefunds(): Promise<PaymentReceiptDto[]> {
    return this.payments.flaggedForRefund()
  }

  guaranteedRefund(paymentId: string, reason: string, actor: Actor): Promise<PaymentReceiptDto> {
    return this.payments.refund(paymentId, reason, actor, 's18-3ds-bypass')
  }

  async exportCases(actor: Actor): Promise<{ fileName: string; csv: string; rows: number }> {
    const out = await this.fraud.exportCsv()
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'fraud.export', outcome: 'success', details: { rows: out.rows } })
    return out
  }
}
