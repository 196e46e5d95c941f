import type { EntityManager } from 'typeorm'
import type { StaffRepo, StaffRow, StaffSignInReservation } from '../../engine/staff/staff.repo'
import { StaffEntity } from '../entities/staff.entity'

export class SqlStaffRepo implements StaffRepo {
  constructor(private readonly m: EntityManager) {}

  private get repo() {
    return this.m.getRepository(StaffEntity)
  }

  count(): Promise<number> {
    return this.repo.count()
  }

  loginTaken(login: string): Promise<boolean> {
    return this.repo.exist({ where: { login } })
  }

  async insert(row: StaffRow): Promise<void> {
    await this.repo.insert(row)
  }

  findById(id: string): Promise<StaffRow | null> {
    return this.repo.findOne({ where: { id } })
  }

  findByLogin(login: string): Promise<StaffRow | null> {
    return this.repo.findOne({ where: { login } })
  }

  listByRoleAndLogin(): Promise<StaffRow[]> {
    return this.repo.find({ order: { role: 'ASC', login: 'ASC' } })
  }

  countActiveSupervisors(): Promise<number> {
    return this.repo.count({ where: { role: 'supervisor', disabled: false } })
  }

  async setDisabled(id: string, disabled: boolean, updatedAt: string): Promise<void> {
    await this.repo.update({ id }, disabled ? { disabled, updatedAt } : { disabled, updatedAt, enabledAt: updatedAt })
  }

  async setPasswordHash(id: string, passwordHash: string, updatedAt: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash, updatedAt })
  }

  async reserveSignInAttempt(id: string, nowIso: string, untilIso: string, max: number): Promise<StaffSignInReservation> {
    const r = await this.m
      .createQueryBuilder()
      .update(StaffEntity)
      .set({
        failedAttempts: () => `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1 ELSE failed_attempts + 1 END`,
        // The reservation that fills the count locks at once (provisionally): a crash during the
        // password check can never leave the count full without a lock.
        lockedUntil: () =>
          `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL WHEN failed_attempts + 1 >= :max THEN :until ELSE locked_until END`,
      })
      .where('id = :id AND ((locked_until IS NULL AND failed_attempts < :max) OR (locked_until IS NOT NULL AND locked_until <= :now))', { id, max })
      .setParameter('now', nowIso)
      .setParameter('until', untilIso)
      .execute()
    const after = await this.repo.findOneOrFail({ where: { id } })
    return { reserved: (r.affected ?? 0) === 1, after }
  }

  async clearAfterSignIn(id: string, ownLock: string | null, at: string, rehash: string | null): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update()
      .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: at, ...(rehash ? { passwordHash: rehash, updatedAt: at } : {}) })
      .where('id = :id AND (locked_until IS NULL OR locked_until = :mine)', { id, mine: ownLock ?? '' })
      .execute()
    return (r.affected ?? 0) === 1
  }

  async unlock(id: string, nowIso: string): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update()
      .set({ failedAttempts: 0, lockedUntil: null, updatedAt: nowIso })
      .where('id = :id AND locked_until > :now', { id, now: nowIso })
      .execute()
    return (r.affected ?? 0) === 1
  }

  async changePassword(id: string, expectedHash: string, passwordHash: string, previousHashes: string[], at: string): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update()
      .set({ passwordHash, previousHashes, passwordChangedAt: at, updatedAt: at })
      .where('id = :id AND password_hash = :expected', { id, expected: expectedHash })
      .execute()
    return (r.affected ?? 0) === 1
  }

  findUnusedSince(cutoffIso: string): Promise<StaffRow[]> {
    return this.repo
      .createQueryBuilder('s')
      // ISO instants of one format compare as text; each of the three is at or before the cutoff.
      .where(
        's.disabled = :no AND s.created_at <= :cutoff AND (s.last_sign_in_at IS NULL OR s.last_sign_in_at <= :cutoff) AND (s.enabled_at IS NULL OR s.enabled_at <= :cutoff)',
        { no: false, cutoff: cutoffIso },
      )
      .getMany()
  }
}
