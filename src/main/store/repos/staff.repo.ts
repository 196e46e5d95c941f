import type { EntityManager } from 'typeorm'
import type { StaffRepo, StaffRow } from '../../engine/staff/staff.repo'
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
    await this.repo.update({ id }, { disabled, updatedAt })
  }

  async setPasswordHash(id: string, passwordHash: string, updatedAt: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash, updatedAt })
  }
}
