import type { EntityManager } from 'typeorm'
import type { CustomerRepo, CustomerRow, CustomerSealed, SignInReservation } from '../../engine/customers/customer.repo'
import { CustomerEntity } from '../entities/customer.entity'

export class SqlCustomerRepo implements CustomerRepo {
  constructor(private readonly m: EntityManager) {}

  private get repo() {
    return this.m.getRepository(CustomerEntity)
  }

  findById(id: string): Promise<CustomerRow | null> {
    return this.repo.findOne({ where: { id } })
  }

  getById(id: string): Promise<CustomerRow> {
    return this.repo.findOneOrFail({ where: { id } })
  }

  findByPhoneIndex(phoneIndex: string): Promise<CustomerRow | null> {
    return this.repo.findOne({ where: { phoneIndex } })
  }

  async insert(row: CustomerRow): Promise<void> {
    await this.repo.insert(row)
  }

  async reserveSignInAttempt(id: string, nowIso: string, untilIso: string, max: number): Promise<SignInReservation> {
    const r = await this.m
      .createQueryBuilder()
      .update(CustomerEntity)
      .set({
        failedAttempts: () => `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1 ELSE failed_attempts + 1 END`,
        // The reservation that fills the count locks at once (provisionally): a crash or an error
        // during the password check can never leave a lock without an end.
        lockedUntil: () =>
          `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL WHEN failed_attempts + 1 >= :max THEN :until ELSE locked_until END`,
      })
      .where(
        'id = :id AND blocked = :no AND ((locked_until IS NULL AND failed_attempts < :max) OR (locked_until IS NOT NULL AND locked_until <= :now))',
        { id, max, no: false },
      )
      .setParameter('now', nowIso)
      .setParameter('until', untilIso)
      .execute()
    const after = await this.getById(id)
    return { reserved: (r.affected ?? 0) === 1, after }
  }

  async clearAfterSignIn(id: string, ownLock: string | null, updatedAt: string, rehash: string | null): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update()
      .set({ failedAttempts: 0, lockedUntil: null, updatedAt, ...(rehash ? { passwordHash: rehash } : {}) })
      .where('id = :id AND blocked = :no AND (locked_until IS NULL OR locked_until = :mine)', { id, mine: ownLock ?? '', no: false })
      .execute()
    return (r.affected ?? 0) === 1
  }

  async setPassword(id: string, passwordHash: string, changedAt: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash, passwordChangedAt: changedAt, updatedAt: changedAt })
  }

  async setSmsLocale(id: string, smsLocale: 'kk' | 'ru' | 'en', at: string): Promise<void> {
    await this.repo.update({ id }, { smsLocale, updatedAt: at })
  }

  async block(id: string, reason: string, blockedBy: string | null, at: string): Promise<void> {
    await this.repo.update({ id }, { blocked: true, blockReason: reason, blockedBy, blockedAt: at, updatedAt: at })
  }

  async liftBlockAndLockout(id: string, at: string): Promise<void> {
    await this.repo.update(
      { id },
      { blocked: false, blockReason: null, blockedBy: null, blockedAt: null, failedAttempts: 0, lockedUntil: null, updatedAt: at },
    )
  }

  findWithoutAccess(nowIso: string): Promise<CustomerRow[]> {
    return this.repo.createQueryBuilder('c').where('c.blocked = :yes OR c.locked_until > :now', { now: nowIso, yes: true }).getMany()
  }

  findLegacy(): Promise<CustomerRow[]> {
    return this.repo.createQueryBuilder('c').where('c.legacy_phone IS NOT NULL').getMany()
  }

  findSealedOtherThan(keyPrefix: string, indexPrefix: string | null, limit: number): Promise<CustomerRow[]> {
    const q = this.repo.createQueryBuilder('c').where('c.name_sealed NOT LIKE :prefix', { prefix: `${keyPrefix}%` })
    if (indexPrefix !== null) q.orWhere('c.phone_index NOT LIKE :index', { index: `${indexPrefix}%` })
    return q
      .limit(limit)
      .getMany()
  }

  async reseal(id: string, sealed: CustomerSealed): Promise<void> {
    await this.repo.update({ id }, sealed)
  }
}
