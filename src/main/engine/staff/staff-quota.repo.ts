/** The store port for per-staff allowances (implemented in src/main/store/repos/staff-quota.repo.ts). */

export type StaffQuotaKind = 'lookup' | 'sms'

export interface StaffQuotaRepo {
  /** When this staff member used this allowance after the instant (ISO), oldest first. */
  usesSince(staffId: string, kind: StaffQuotaKind, instant: string): Promise<string[]>
  add(use: { id: string; staffId: string; kind: StaffQuotaKind; at: string }): Promise<void>
  /** Uses older than the instant count for nothing any more. */
  purgeBefore(instant: string): Promise<void>
}
