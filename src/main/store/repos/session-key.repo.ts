import { In, LessThanOrEqual, MoreThan, Not, type EntityManager, type Repository } from 'typeorm'
import type { SessionKeyPurposeRow, SessionKeyRepo, SessionKeyRow } from '../../engine/session-keys/session-key.repo'
import { SessionKeyEntity } from '../entities/session-key.entity'

export class SqlSessionKeyRepo implements SessionKeyRepo {
  constructor(private readonly m: EntityManager) {}

  private get repo(): Repository<SessionKeyRow> {
    return this.m.getRepository(SessionKeyEntity)
  }

  async purgeCreatedBefore(instant: string): Promise<void> {
    await this.repo.createQueryBuilder().delete().where('created_at < :old', { old: instant }).execute()
  }

  async reindexPhone(older: readonly string[], phoneIndex: string): Promise<void> {
    if (older.length > 0) await this.repo.update({ phoneIndex: In([...older]) }, { phoneIndex })
  }

  listIssuedSince(phoneIndex: string, instant: string): Promise<SessionKeyRow[]> {
    return this.repo.find({
      where: { phoneIndex, createdAt: MoreThan(instant) },
      order: { createdAt: 'ASC' },
    })
  }

  async supersedeOlder(row: Pick<SessionKeyRow, 'id' | 'phoneIndex' | 'purpose' | 'createdAt'>): Promise<void> {
    await this.repo.update({ phoneIndex: row.phoneIndex, purpose: row.purpose, state: 'active', createdAt: LessThanOrEqual(row.createdAt), id: Not(row.id) }, { state: 'superseded' })
  }

  async add(row: SessionKeyRow): Promise<void> {
    await this.repo.insert(row)
  }

  async markUnsent(id: string): Promise<void> {
    await this.repo.update({ id }, { state: 'unsent' })
  }

  async activate(id: string): Promise<void> {
    await this.repo.update({ id, state: 'expired' }, { state: 'active' })
  }

  findNewestActive(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<SessionKeyRow | null> {
    return this.repo.findOne({ where: { phoneIndex, purpose, state: 'active' }, order: { createdAt: 'DESC' } })
  }

  findNewestSent(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<SessionKeyRow | null> {
    return this.repo.findOne({ where: { phoneIndex, purpose, state: Not('unsent') }, order: { createdAt: 'DESC' } })
  }

  async markExpired(id: string): Promise<void> {
    await this.repo.update({ id }, { state: 'expired' })
  }

  async markUsed(id: string, usedAt: string): Promise<void> {
    await this.repo.update({ id }, { state: 'used', usedAt })
  }

  async recordWrongEntry(id: string, wrongAttempts: number, exhausted: boolean): Promise<void> {
    await this.repo.update({ id }, { wrongAttempts, state: exhausted ? 'exhausted' : 'active' })
  }

  async lastUsedAt(phoneIndex: string, purpose: SessionKeyPurposeRow): Promise<string | null> {
    const row = await this.repo.findOne({ where: { phoneIndex, purpose, state: 'used' }, order: { usedAt: 'DESC' } })
    return row?.usedAt ?? null
  }
}
