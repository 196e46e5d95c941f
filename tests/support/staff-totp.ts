import type { CallContext } from '../../src/main/ipc/dispatch'
import { stepAt, totpCode } from '../../src/main/engine/staff/staff-totp-rules'
import { Channel } from '../../src/shared/ipc/channels'
import { ErrorCode } from '../../src/shared/errors'
import type { StaffEnrolledDto } from '../../src/shared/dto'
import type { TypedDispatch } from './dispatch'

/**
 * What an authenticator app on each test staff member's phone knows: the secret they enrolled, and
 * the last step this helper used, so sign-ins in one test take fresh steps (each step is accepted once).
 */
const phones = new Map<string, { secret: string; lastStep: number }>()

/** The next code an authenticator would give that the engine has not accepted yet (±1 step of now). */
export function nextCode(login: string, nowMs: number): string {
  const phone = phones.get(login)
  if (!phone) throw new Error(`${login} has not enrolled a second factor in this test`)
  const step = Math.max(stepAt(nowMs) - 1, phone.lastStep + 1)
  if (step > stepAt(nowMs) + 1) throw new Error(`no fresh TOTP step for ${login}: advance the clock 30 s`)
  phone.lastStep = step
  return totpCode(phone.secret, step)
}

export function secretOf(login: string): string {
  const phone = phones.get(login)
  if (!phone) throw new Error(`${login} has not enrolled a second factor in this test`)
  return phone.secret
}

/** Signs in with the password (no code yet), enrols the second factor from the secret shown, and confirms it. */
export async function enrolAt(call: TypedDispatch, ctx: CallContext, login: string, password: string, nowMs: number): Promise<StaffEnrolledDto & { secret: string }> {
  const first = await call(Channel.StaffSignIn, { login, password }, ctx)
  if (first.ok || first.error.code !== ErrorCode.STAFF_ENROLMENT_REQUIRED) throw new Error(`${login}: expected STAFF_ENROLMENT_REQUIRED, got ${JSON.stringify(first)}`)
  return confirmEnrolment(call, ctx, login, nowMs)
}

/** Enrolment already open at this window (after bootstrap or STAFF_ENROLMENT_REQUIRED): start and confirm it. */
export async function confirmEnrolment(call: TypedDispatch, ctx: CallContext, login: string, nowMs: number): Promise<StaffEnrolledDto & { secret: string }> {
  const started = await call(Channel.StaffEnrolStart, {}, ctx)
  if (!started.ok) throw new Error(`${login}: enrolment did not start: ${started.error.code}`)
  const secret = started.value.secret
  const step = stepAt(nowMs)
  const done = await call(Channel.StaffEnrolConfirm, { code: totpCode(secret, step) }, ctx)
  if (!done.ok) throw new Error(`${login}: enrolment not confirmed: ${done.error.code}`)
  phones.set(login.trim().toLowerCase(), { secret, lastStep: step })
  return { ...done.value, secret }
}

/** Password and a fresh code from the enrolled secret. */
export function signInWithCode(call: TypedDispatch, ctx: CallContext, login: string, password: string, nowMs: number) {
  return call(Channel.StaffSignIn, { login, password, code: nextCode(login.trim().toLowerCase(), nowMs) }, ctx)
}
