import type { CallContext } from '../../src/main/ipc/dispatch'
import { createGate } from '../../src/main/ipc/gate'
import type { ChannelName } from '../../src/shared/ipc/channels'
import type { StaffRole } from '../../src/shared/dto'
import type { RequestOf, ResponseOf } from '../../src/shared/ipc/contract'
import type { Result } from '../../src/shared/result'
import type { Engine } from '../../src/main/app/composition-root'
import { enrolAt } from './staff-totp'

/** The dispatcher takes untyped input (it is the IPC edge); tests call it with the contract's types. */
export type TypedDispatch = <C extends ChannelName>(channel: C, payload: RequestOf<C>, ctx: CallContext) => Promise<Result<ResponseOf<C>>>

/** The real dispatcher over the engine's handlers, keeping every reply as JSON for leak scans. */
export function recordingDispatch(engine: Engine, replies: string[]): TypedDispatch {
  const dispatch = createGate(engine)
  return (async (channel: ChannelName, payload: unknown, ctx: CallContext) => {
    const r = await dispatch(channel, payload, ctx)
    replies.push(JSON.stringify(r))
    return r
  }) as TypedDispatch
}

export const STAFF_PASSWORD = 'Staff-Password-2026'

/** Creates staff members and signs each in at their own window (enrolling their TOTP), through the real dispatcher. */
export async function signInStaffAt(engine: Engine, call: TypedDispatch, staff: { login: string; role: StaffRole; ctx: CallContext }[]): Promise<void> {
  for (const s of staff) {
    await engine.staff.create({ login: s.login, displayName: s.login, role: s.role, password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
    await enrolAt(call, s.ctx, s.login, STAFF_PASSWORD, engine.clock.now().getTime())
  }
}
