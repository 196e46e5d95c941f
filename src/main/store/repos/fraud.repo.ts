import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm'
import type { FraudCaseRow, FraudCaseView, FraudNoteRow, FraudRepo, FraudResolution, FraudStatus } from '../../engine/payments/fraud.repo'
import { CustomerEntity } from '../entities/customer.entity'
import { FraudCaseEntity, FraudNoteEntity } from '../entities/fraud-case.entity'

interface CustomerExtras {
  f_id: string
  u_phone_sealed: string | null
  u_legacy_phone: string | null
}

export class SqlFraudRepo implements FraudRepo {
  constructor(private readonly m: EntityManager) {}

  private get cases() {
    return this.m.getRepository(FraudCaseEntity)
  }

  private get notes() {
    return this.m.getRepository(FraudNoteEntity)
  }

  findCase(caseId: string): Promise<FraudCaseRow | null> {
    return this.cases.findOne({ where: { id: caseId } })
  }

  async insertCase(row: FraudCaseRow): Promise<void> {
    await this.cases.insert(row)
  }

  async addNote(note: Omit<FraudNoteRow, 'id' | 'text'>, textFor: (id: number) => string): Promise<void> {
    // The id comes from the insert; the sealed text, whose AAD names it, follows in the caller's transaction.
    const inserted = await this.notes.insert({ ...note, text: '' })
    const id = Number((inserted.identifiers[0] as { id: number }).id)
    await this.notes.update({ id }, { text: textFor(id) })
  }

  async markUpdated(caseId: string, at: string): Promise<void> {
    await this.cases.update({ id: caseId }, { updatedAt: at })
  }

  async setStatus(caseId: string, status: FraudStatus, resolution: FraudResolution | null, at: string): Promise<void> {
    await this.cases.update({ id: caseId }, { status, resolution, updatedAt: at })
  }

  async view(caseId: string): Promise<FraudCaseView | null> {
    const [view] = await this.views(this.caseQuery().where({ id: caseId }))
    return view ?? null
  }

  latestViews(limit: number): Promise<FraudCaseView[]> {
    return this.views(this.caseQuery().orderBy('f.createdAt', 'DESC').limit(limit))
  }

  private caseQuery(): SelectQueryBuilder<FraudCaseRow> {
    return this.cases.createQueryBuilder('f').innerJoin(CustomerEntity.options.name, 'u', 'u.id = f.customerId').addSelect(['u.phoneSealed', 'u.legacyPhone'])
  }

  /** Cases with their customers in one query, and every note of those cases in a second. */
  private async views(q: SelectQueryBuilder<FraudCaseRow>): Promise<FraudCaseView[]> {
    const { entities, raw } = await q.getRawAndEntities<CustomerExtras>()
    if (entities.length === 0) return []
    const customers = new Map(raw.map((r) => [r.f_id, r]))
    const notes = await this.notes.find({ where: { caseId: In(entities.map((c) => c.id)) }, order: { id: 'ASC' } })
    const byCase = new Map<string, FraudNoteRow[]>()
    for (const n of notes) {
      const list = byCase.get(n.caseId)
      if (list) list.push(n)
      else byCase.set(n.caseId, [n])
    }
    return entities.map((row) => {
      const u = customers.get(row.id)!
      return { row, customer: { id: row.customerId, phoneSealed: u.u_phone_sealed, legacyPhone: u.u_legacy_phone }, notes: byCase.get(row.id) ?? [] }
    })
  }
}
