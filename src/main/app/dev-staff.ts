import type { StaffSecondFactor } from '../engine/staff/staff-second-factor'
import type { StaffService } from '../engine/staff/staff.service'
import type { AppMode } from './config'

/** Documented in the README: development stores hold no customer data, so these are no secret. */
export const DEV_STAFF_PASSWORD = 'Development-2026'
/**
 * The development staff's TOTP secret (base32), documented in the README so a newcomer can add it to
 * an authenticator app (or run `npm run admin -- dev-code`). Development stores only: production
 * refuses a development store, and createDevStaff refuses production.
 */
export const DEV_TOTP_SECRET = 'DEVTELLERTOTPSECRETNOTFORPRODUCT'
export const DEV_STAFF = [
  { login: 'dev.supervisor', displayName: 'Dev Supervisor', role: 'supervisor' as const },
  { login: 'dev.teller', displayName: 'Dev Teller', role: 'teller' as const },
]

function assertDevelopment(mode: AppMode): void {
  if (mode !== 'development') throw new Error('Development staff exist only in development mode; production staff are created with `npm run admin -- create-staff`.')
}

/**
 * Development only, on request (`npm start -- --dev-staff`): a supervisor and a teller to sign in
 * with, both enrolled with the documented development TOTP secret (dev staff of an older store too).
 */
export async function createDevStaff(mode: AppMode, staff: StaffService, secondFactor: StaffSecondFactor, workstation: string): Promise<string[]> {
  assertDevelopment(mode)
  const existing = new Map((await staff.list()).map((s) => [s.login, s.id]))
  const created: string[] = []
  for (const s of DEV_STAFF) {
    let id = existing.get(s.login)
    if (id === undefined) {
      id = (await staff.create({ ...s, password: DEV_STAFF_PASSWORD }, { staffId: null, workstation })).id
      created.push(s.login)
    }
    if (!(await secondFactor.isEnrolled(id))) await secondFactor.enrolDevelopment(id, DEV_TOTP_SECRET, workstation)
  }
  return created
}

/** Development only: the code the development TOTP secret gives now (what an authenticator app would show). */
export function devTotpCode(mode: AppMode, nowMs: number, code: (secret: string, step: number) => string, stepAt: (ms: number) => number): string {
  assertDevelopment(mode)
  return code(DEV_TOTP_SECRET, stepAt(nowMs))
}
