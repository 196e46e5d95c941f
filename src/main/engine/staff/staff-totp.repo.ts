/** The store port for staff second factors (implemented in src/main/store/repos/staff-totp.repo.ts). */

export interface StaffTotpRow {
  staffId: string
  /** `k<version>:<envelope>` from KeyRing.sealField, AAD `staff_totp.secret_sealed:<staffId>`. */
  secretSealed: string
  lastStep: number | null
  enrolledAt: string
}

export interface StaffTotpRepo {
  find(staffId: string): Promise<StaffTotpRow | null>
  /** A confirmed enrolment with its recovery-code hashes; false when the account is already enrolled. */
  enrol(row: StaffTotpRow, recoveryHashes: string[]): Promise<boolean>
  /** One conditional UPDATE: true only when `step` is after the last accepted step (exact under concurrency). */
  consumeStep(staffId: string, step: number): Promise<boolean>
  /** One conditional UPDATE: true only for an unused recovery code of this account, which it marks used. */
  useRecoveryCode(staffId: string, codeHash: string, at: string): Promise<boolean>
  unusedRecoveryCodes(staffId: string): Promise<number>
  /** Removes the secret and every recovery code: the account must enrol again. True when there was a secret. */
  remove(staffId: string): Promise<boolean>
}
