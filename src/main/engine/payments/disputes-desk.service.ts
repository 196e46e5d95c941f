import type { FraudCaseDto, PaymentReceiptDto } from '../../../shared/dto'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { FraudService } from './fraud.service'
import type { PaymentService } from './payment.service'

/**
 * Supervisor work on disputed payments: the guaranteed S18 refund (only ever for a 3-D Secure
 * bypass; S19 fraud-case refunds go through the case itself), the audited fraud-case export and
 * the audited search of payments by payee.
 */
export class DisputesDesk {
  constructor(
    private readonly payments: Pick<PaymentService, 'refund' | 'flaggedForRefund' | 'byPayee'>,
    private readonly fraud: Pick<FraudService, 'exportCsv' | 'list'>,
    private readonly audit: AuditService,
  ) {}

  /** Payments flagged for the S18 refund, with their customers: a reading of customer data, recorded (issue 14). */
  async flaggedRefunds(actor: Actor): Promise<PaymentReceiptDto[]> {
    const flagged = await this.payments.flaggedForRefund()
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'refund.flaggedView', outcome: 'success', details: { count: flagged.length } })
    return flagged
  }

  /** The latest fraud cases with their notes: a reading of customer data, recorded (issue 14). */
  async fraudCases(actor: Actor): Promise<FraudCaseDto[]> {
    const cases = await this.fraud.list()
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'fraud.list', outcome: 'success', details: { count: cases.length } })
    return cases
  }

  guaranteedRefund(paymentId: string, reason: string, actor: Actor): Promise<PaymentReceiptDto> {
    return this.payments.refund(paymentId, reason, actor, 's18-3ds-bypass')
  }

  /**
   * Every payment to one payee (a subscriber number, an account...), of any customer, for a fraud
   * case (issue 15): found by the payee's keyed index. The search is audited, without the payee.
   */
  async paymentsToPayee(payee: string, actor: Actor): Promise<PaymentReceiptDto[]> {
    const found = await this.payments.byPayee(payee)
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'payment.searchByPayee', outcome: 'success', details: { results: found.length } })
    return found
  }

  async exportCases(actor: Actor): Promise<{ fileName: string; csv: string; rows: number }> {
    const out = await this.fraud.exportCsv()
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'fraud.export', outcome: 'success', details: { rows: out.rows } })
    return out
  }
}
