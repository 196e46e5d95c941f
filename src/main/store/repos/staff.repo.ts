import type { EntityManager } from 'typeorm'
import type { StaffRepo } from '../../engine/staff/staff.repo'

export class SqlStaffRepo implements StaffRepo {
  constructor(private readonly m: EntityManager) {}
}
