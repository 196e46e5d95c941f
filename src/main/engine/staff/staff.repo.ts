import type { StaffRole } from '../../../shared/dto'

/** The store port for staff accounts: the store implements it as SqlStaffRepo. */

export interface StaffRow {
  id: string
  login: string
  displayName: string
  role: StaffRole
  /** argon2id PHC string: algorithm parameters travel with the hash so they can change later. */
  passwordHash: string
  disabled: boolean
  createdAt: string
  updatedAt: string
}

export interface StaffRepo {
  count(): Promise<number>
  loginTaken(login: string): Promise<boolean>
  insert(row: StaffRow): Promise<void>
  findById(id: string): Promise<StaffRow | null>
  findByLogin(login: string): Promise<StaffRow | null>
  /** Ordered by role, then login. */
  listByRoleAndLogin(): Promise<StaffRow[]>
  countActiveSupervisors(): Promise<number>
  setDisabled(id: string, disabled: boolean, updatedAt: string): Promise<void>
  setPasswordHash(id: string, passwordHash: string, updatedAt: string): Promise<void>
}
