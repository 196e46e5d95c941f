import { randomUUID } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { FraudCaseDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { FraudCaseEntity, FraudNoteEntity, type FraudCaseRow, type FraudKind, type FraudStatus } from '../../store/entities/fraud-case.entity'
import { PaymentEntity } from '../../store/entities/payment.entity'
import type { AuditService } from '../audit/audit.service'
import type { CustomerVault } from '../customers/customer-vault'
import type { Clock } from '../kernel/clock'
import { csvCell } from '../kernel/csv'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { SerialQueue } from '../../store/serial-queue'
import type { Actor } from '../kernel/actor'
import type { PaymentService } from './payment.service'

const NEXT: Record<FraudStatus, FraudStatus[]> = {
  open: ['investigating', 'resolved', 'closed'],
  investigating: ['resolved', 'closed'],
  resolved: ['closed'],
  closed: [],
}

/**
 * Fraud cases (S19, S20): opened for a customer (optionally a payment), worked with notes, moved
 * through open → investigating → resolved → closed, exported. A lost-card case is always resolved
 * in the client's favour, and its payment is refunded (S19).
 */
export class FraudService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queue: SerialQueue,
    private readonly payments: PaymentService,
    private readonly audit: AuditService,
    private readonly customers: CustomerVault,
  ) {}

  private async dto(row: FraudCaseRow): Promise<FraudCaseDto> {
    const customerPhone = await this.customers.phoneOf(row.customerId)
    const notes = await this.ds.getRepository(FraudNoteEntity).find({ where: { caseId: row.id }, order: { id: 'ASC' } })
    return {
      id: row.id,
      customerPhone,
      paymentId: row.paymentId,
      kind: row.kind,
      status: row.status,
      resolution: row.resolution,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      notes: notes.map((n) => ({ at: n.at, staffId: n.staffId, text: n.text })),
    }
  }

  async open(input: { phone: string; kind: FraudKind; paymentId?: string | null; note: string }, actor: Actor): Promise<FraudCaseDto> {
    const phone = normaliseKzMobile(input.phone)
    const customer = await this.customers.findByPhone(phone)
    if (!customer) throw new EngineError(ErrorCode.NOT_REGISTERED, 'No customer is registered with this phone.')
    if (input.paymentId) {
      const p = await this.ds.getRepository(PaymentEntity).findOne({ where: { id: input.paymentId, customerId: customer.id } })
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
    await this.queue.run(() =>
      this.ds.transaction(async (m) => {
        await m.getRepository(FraudCaseEntity).insert(row)
        await m.getRepository(FraudNoteEntity).insert({ caseId: row.id, at: now, staffId: actor.staffId, text: input.note.trim() })
      }),
    )
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'fraud.open', outcome: 'success', details: { caseId: row.id, kind: row.kind } })
    return this.dto(row)
  }

  async list(): Promise<FraudCaseDto[]> {
    const rows = await this.ds.getRepository(FraudCaseEntity).find({ order: { createdAt: 'DESC' }, take: 200 })
    return Promise.all(rows.map((r) => this.dto(r)))
  }

  async addNote(caseId: string, text: string, actor: Actor): Promise<FraudCaseDto> {
    const row = await this.require(caseId)
    const now = this.clock.now().toISOString()
    await this.queue.run(async () => {
      await this.ds.getRepository(FraudNoteEntity).insert({ caseId, at: now, staffId: actor.staffId, text: text.trim() })
      await this.ds.getRepository(FraudCaseEntity).update({ id: caseId }, { updatedAt: now })
    })
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'fraud.note', outcome: 'success', details: { caseId } })
    return this.dto({ ...row, updatedAt: now })
  }

  async setStatus(caseId: string, status: FraudStatus, resolution: 'client-favour' | 'bank-favour' | null, actor: Actor): Promise<FraudCaseDto> {
    const row = await this.require(caseId)
    if (!NEXT[row.status].includes(status)) throw new EngineError(ErrorCode.CONFLICT, `A ${row.status} case cannot become ${status}.`)
    let finalResolution = row.resolution
    if (status === 'resolved') {
      // S19: for a lost card the bank is always on the client's side.
      finalResolution = row.kind === 'lost-card' ? 'client-favour' : resolution
      if (!finalResolution) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Choose in whose favour the case is resolved.', { field: 'resolution' })
    }
    if (status === 'resolved' && finalResolution === 'client-favour' && row.paymentId) {
      const p = await this.ds.getRepository(PaymentEntity).findOneOrFail({ where: { id: row.paymentId } })
      if (p.state === 'approved') await this.payments.refund(p.id, `Fraud case ${row.id} resolved in the client's favour`, actor, 's19-fraud-case')
    }
    const now = this.clock.now().toISOString()
    await this.queue.run(() => this.ds.getRepository(FraudCaseEntity).update({ id: caseId }, { status, resolution: finalResolution, updatedAt: now }))
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'fraud.status', outcome: 'success', details: { caseId, status, resolution: finalResolution } })
    return this.dto({ ...row, status, resolution: finalResolution, updatedAt: now })
  }

  async exportCsv(): Promise<{ fileName: string; csv: string; rows: number }> {
    const cases = await this.list()
    const lines = ['case_id,customer,payment_id,kind,status,resolution,created_at,updated_at,notes']
    for (const c of cases) {
      lines.push([c.id, c.customerPhone, c.paymentId, c.kind, c.status, c.resolution, c.createdAt, c.updatedAt, c.notes.map((n) => `${n.at} ${n.text}`).join(' | ')].map(csvCell).join(','))
    }
    return { fileName: `fraud-cases-${this.clock.now().toISOString().slice(0, 10)}.csv`, csv: lines.join('\r\n') + '\r\n', rows: cases.length }
  }

  private async require(caseId: string): Promise<FraudCaseRow> {
    const row = await this.ds.getRepository(FraudCaseEntity).findOne({ where: { id: caseId } })
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'Fraud case not found.')
    return row
  }
}
