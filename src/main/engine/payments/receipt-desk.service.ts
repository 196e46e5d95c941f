import type { CustomerSessionDto, ReceiptDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Window } from '../counter/counter-desk.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { ProviderCatalog } from './catalog'
import type { PaymentReceiptRow } from './payment.repo'
import { PaymentReceipts } from './payment-receipts'
import type { CustomerVault } from '../customers/customer-vault'
import type { FieldSeal } from '../crypto/field-seal'
import { brandName, payeeLines, receiptCard, receiptReference } from './receipt-rules'

export interface ReceiptHeader {
  bank: string
  branch: string
}

const notFound = () => new EngineError(ErrorCode.PAYMENT_NOT_FOUND, 'No such payment for this customer.')

/**
 * Receipts (issue 16): one for a payment, printed for the customer at the counter, or for a refund,
 * printed by a supervisor. The first print is the original; every later one is marked as a
 * duplicate. Each print is counted and audited in one transaction, so the marking cannot be skipped.
 */
export class ReceiptDesk {
  private readonly receipts: PaymentReceipts

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly catalog: ProviderCatalog,
    private readonly audit: AuditService,
    private readonly header: ReceiptHeader,
    /** The customer signed in at a window's counter (the counter desk); refuses when there is none. */
    private readonly customerAt: (window: Window) => Promise<CustomerSessionDto>,
    private readonly customers: CustomerVault,
    fields: FieldSeal,
  ) {
    // The payment as its receipt DTO: parameters and phone opened as everywhere else.
    this.receipts = new PaymentReceipts(uow, customers, fields)
  }

  /** A receipt of one of the payments of the customer at this counter. */
  async forCustomer(window: Window, paymentId: string): Promise<ReceiptDto> {
    const customer = await this.customerAt(window)
    const row = await this.uow.repos.payments.receiptById(paymentId)
    if (!row || row.payment.customerId !== customer.customerId) throw notFound()
    return this.print(row, window.actor, customer.phone)
  }

  /** A refund's receipt (supervisors, who refund without the customer at their counter). */
  async forRefund(actor: Actor, paymentId: string): Promise<ReceiptDto> {
    const row = await this.uow.repos.payments.receiptById(paymentId)
    if (!row || row.payment.state !== 'refunded') throw notFound()
    // The refunded customer is named in the event too (issue 14), as everywhere by pseudonym.
    return this.print(row, actor, this.customers.openPhone(row.customer.id, row.customer.phoneSealed, row.customer.legacyPhone))
  }

  private async print(row: PaymentReceiptRow, actor: Actor, customerRef: string | null): Promise<ReceiptDto> {
    const p = row.payment
    const copy = await this.uow.transaction([`receipt:${p.id}`], async (tx) => {
      const n = await tx.payments.countReceiptPrint(p.id)
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef,
        action: 'receipt.print',
        outcome: 'success',
        details: { paymentId: p.id, copy: n, duplicate: n > 1 },
      })
      return n
    })
    const teller = p.staffId ? await this.uow.repos.staff.findById(p.staffId) : null
    const provider = this.catalog.list().find((x) => x.id === p.providerId)
    return {
      reference: receiptReference(p.id),
      bank: this.header.bank,
      branch: this.header.branch,
      workstation: p.workstation,
      teller: teller?.displayName ?? '—',
      at: p.createdAt,
      refundedAt: p.refundedAt,
      printedAt: this.clock.now().toISOString(),
      provider: provider?.name ?? { en: p.providerId, ru: p.providerId, kk: p.providerId },
      payee: payeeLines(provider, this.receipts.of(row).params),
      amountTiyn: p.amountTiyn,
      cardMasked: receiptCard(row.card.masked),
      brand: brandName(row.card.brand),
      authCode: p.hostRef,
      state: p.state,
      copy,
      duplicate: copy > 1,
    }
  }
}
