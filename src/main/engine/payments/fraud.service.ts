import { randomUUID } from 'node:crypto'
import type { FraudCaseDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { CustomerVault } from '../customers/customer-vault'
import type { FieldSeal } from '../crypto/field-seal'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { csvCell } from '../kernel/csv'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { decideStatusChange } from './fraud-rules'
import type { FraudCaseRow, FraudCaseView, FraudKind, FraudRepo, FraudResolution, FraudStatus } from './fraud.repo'
import type { PaymentService } from './payment.service'

const LIST_LIMIT = 200

/** The lock a note or a status change of one case takes, on every workstation of the branch. */
const caseLock = (caseId: string): string => `fraud-case:${caseId}`

/**
 * Fraud cases (S19, S20): opened for a customer (optionally a payment), worked with notes, moved
 * through open → investigating → resolved → closed, exported. A lost-card case is always resolved
 * in the client's favour, and its payment is refunded (S19).
 */
export class FraudService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly payments: PaymentService,
    private readonly audit: AuditService,
    private readonly customers: CustomerVault,
    private readonly fields: FieldSeal,
  ) {}

  private dto({ row, customer, notes }: FraudCaseView): FraudCaseDto {
    return {
      id: row.id,
      customerPhone: this.customers.openPhone(customer.id, customer.phoneSealed, customer.legacyPhone),
      paymentId: row.paymentId,
      kind: row.kind,
      status: row.status,
      resolution: row.resolution,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      notes: notes.map((n) => ({ at: n.at, staffId: n.staffId, text: this.fields.open('fraud_note.text', String(n.id), n.text) })),
    }
  }

  private view(caseId: string): Promise<FraudCaseDto> {
    return this.viewIn(this.uow.repos.fraud, caseId)
  }

  private async viewIn(fraud: FraudRepo, caseId: string): Promise<FraudCaseDto> {
    const view = await fraud.view(caseId)
    if (!view) throw new EngineError(ErrorCode.NOT_FOUND, 'Fraud case not found.')
    return this.dto(view)
  }

  async open(input: { phone: string; kind: FraudKind; paymentId?: string | null; note: string }, actor: Actor): Promise<FraudCaseDto> {
    const phone = normaliseKzMobile(input.phone)
    const customer = await this.customers.findByPhone(phone)
    if (!customer) throw new EngineError(ErrorCode.NOT_REGISTERED, 'No customer is registered with this phone.')
    if (input.paymentId) {
      const p = await this.uow.repos.payments.findOfCustomer(input.paymentId, customer.id)
      if (!p) throw new EngineError(ErrorCode.NOT_FOUND, 'This payment does not belong to the customer.')
    }
    const now = this.clock.now().toISOString()
    const row: FraudCaseRow = {
      id: randomUUID(),
      customerId: customer.id,
      paymentId: input.paymentId ?? null,
      kind: input.kind,
      status: 'open',
      resolution: null,
      openedBy: actor.staffId,
      createdAt: now,
      updatedAt: now,
    }
    // The case and its audit event commit together (issue 14): a crash leaves both or neither.
    await this.uow.transaction([], async (tx) => {
      await tx.fraud.insertCase(row)
      await tx.fraud.addNote({ caseId: row.id, at: now, staffId: actor.staffId }, (id) => this.fields.seal('fraud_note.text', String(id), input.note.trim()))
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'fraud.open', outcome: 'success', details: { caseId: row.id, kind: row.kind } })
    })
    return this.view(row.id)
  }

  /** The latest 200 cases with their notes: two queries, however many cases and notes. */
  async list(): Promise<FraudCaseDto[]> {
    return (await this.uow.repos.fraud.latestViews(LIST_LIMIT)).map((v) => this.dto(v))
  }

  async addNote(caseId: string, text: string, actor: Actor): Promise<FraudCaseDto> {
    const now = this.clock.now().toISOString()
    // The note and its audit event (with the case's customer) commit together (issue 14).
    return this.uow.transaction([caseLock(caseId)], async (tx) => {
      await this.require(caseId, tx.fraud)
      await tx.fraud.addNote({ caseId, at: now, staffId: actor.staffId }, (id) => this.fields.seal('fraud_note.text', String(id), text.trim()))
      await tx.fraud.markUpdated(caseId, now)
      const view = await this.viewIn(tx.fraud, caseId)
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: view.customerPhone, action: 'fraud.note', outcome: 'success', details: { caseId } })
      return view
    })
  }

  async setStatus(caseId: string, status: FraudStatus, resolution: FraudResolution | null, actor: Actor): Promise<FraudCaseDto> {
    const row = await this.require(caseId)
    const change = decideStatusChange(row, status, resolution)
    if (change.refundPaymentId) {
      const p = await this.uow.repos.payments.findById(change.refundPaymentId)
      if (!p) throw new Error(`Payment ${change.refundPaymentId} of fraud case ${row.id} is missing.`)
      // S19: the case cannot end before its payment's refund can be made (the host has not settled it yet).
      if (p.state === 'pending') throw new EngineError(ErrorCode.FRAUD_REFUND_PENDING, 'The payment is still pending at the card host; it must be settled and refunded before the case ends.')
      if (p.state === 'approved') await this.payments.refund(p.id, `Fraud case ${row.id} resolved in the client's favour`, actor, 's19-fraud-case')
    }
    const now = this.clock.now().toISOString()
    // The status change and its audit event commit together (issue 14), decided again on the case as it is now.
    return this.uow.transaction([caseLock(caseId)], async (tx) => {
      const current = decideStatusChange(await this.require(caseId, tx.fraud), status, resolution)
      await tx.fraud.setStatus(caseId, status, current.resolution, now)
      const view = await this.viewIn(tx.fraud, caseId)
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: view.customerPhone, action: 'fraud.status', outcome: 'success', details: { caseId, status, resolution: current.resolution } })
      return view
    })
  }

  async exportCsv(): Promise<{ fileName: string; csv: string; rows: number }> {
    const cases = await this.list()
    const lines = ['case_id,customer,payment_id,kind,status,resolution,created_at,updated_at,notes']
    for (const c of cases) {
      lines.push([c.id, c.customerPhone, c.paymentId, c.kind, c.status, c.resolution, c.createdAt, c.updatedAt, c.notes.map((n) => `${n.at} ${n.text}`).join(' | ')].map(csvCell).join(','))
    }
    return { fileName: `fraud-cases-${this.clock.now().toISOString().slice(0, 10)}.csv`, csv: lines.join('\r\n') + '\r\n', rows: cases.length }
  }

  private async require(caseId: string, fraud: FraudRepo = this.uow.repos.fraud): Promise<FraudCaseRow> {
    const row = await fraud.findCase(caseId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'Fraud case not found.')
    return row
  }
}
