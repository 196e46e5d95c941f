import type { StaffService } from '../engine/staff/staff.service'
import type { AppMode } from './config'

/** Documented in the README: development stores hold no customer data, so these are no secret. */
export const DEV_STAFF_PASSWORD = 'Development-2026'
export const DEV_STAFF = [
  { login: 'dev.supervisor', displayName: 'Dev Supervisor', role: 'supervisor' as const },
  { login: 'dev.teller', displayName: 'Dev Teller', role: 'teller' as const },
]

/** Development only, on request (`npm start -- --dev-staff`): a supervisor and a teller to sign in with. */
export async function createDevStaff(mode: AppMode, staff: StaffService, workstation: string): Promise<string[]> {
  if (mode !== 'development') throw new Error('Development staff exist only in development mode; production staff are created with `npm run admin -- create-staff`.')
  const existing = new Set((await staff.list()).map((s) => s.login))
  const created: string[] = []
  for (const s of DEV_STAFF) {
    if (existing.has(s.login)) continue
    await staff.create({ ...s, password: DEV_STAFF_PASSWORD }, { staffId: null, workstation })
    created.push(s.login)
  }
  return created
}
