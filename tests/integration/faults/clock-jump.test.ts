import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TrustedClock } from '../../../src/main/engine/kernel/trusted-clock'
import { Channel } from '../../../src/shared/ipc/channels'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'

/**
 * Fault matrix, row "wall clock jumps": the engine's time comes from the monotonic clock anchored
 * at start (TrustedClock). A wall-clock jump of an hour either way is detected, audited and shown
 * in the system status; no lockout ends early and no session key lives past its 15 minutes.
 */
const PHONE = '+77010000008'
const CTX = { clientId: 'sup', workstation: 'ws-test-1' }

describe('fault: wall clock jumps back or forward by an hour', () => {
  let t: TestEngine
  let call: TypedDispatch
  const s = { wall: Date.parse('2026-03-10T04:00:00.000Z'), mono: 1_000_000_000n, boot: 50_000 }
  const advance = (ms: number) => {
    s.wall += ms
    s.mono += BigInt(ms) * 1_000_000n
    s.boot += ms
  }
  beforeEach(async () => {
    s.wall = Date.parse('2026-03-10T04:00:00.000Z')
    t = await startTestEngine({}, { clock: new TrustedClock({ wallMs: () => s.wall, monoNs: () => s.mono, bootMs: () => s.boot }) })
    call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [{ login: 'chief', role: 'supervisor', ctx: CTX }])
    await registerCustomer(t, PHONE, 'qwerty1!')
  })
  afterEach(async () => t.close())

  const jumpsAudited = async () => (await t.engine.auditReview.search({ action: 'clock.jump' }, null)).rows

  it('forward by an hour: the lockout still ends 15 real minutes after it began; the jump is audited and in the system status', async () => {
    for (const p of ['wrong-pw-1', 'wrong-pw-2', 'wrong-pw-3']) await t.engine.customers.signIn(PHONE, p, TELLER).catch(() => undefined)
    advance(60_000)
    s.wall += 3600_000
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).rejects.toMatchObject({ code: 'CUSTOMER_LOCKED' })
    // The jump is audited as it is seen, alongside the call that saw it (not before its reply): wait for it.
    await expect.poll(jumpsAudited).toEqual([expect.objectContaining({ action: 'clock.jump', outcome: 'failure', details: expect.objectContaining({ offsetMs: 3600_000 }) })])
    const status = await call(Channel.SystemStatus, {}, CTX)
    expect(status).toMatchObject({ ok: true, value: { clock: { jumps: 1, offsetMs: 3600_000, lastJump: { offsetMs: 3600_000 } } } })
    advance(13 * 60_000) // 14 real minutes after the lock
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).rejects.toMatchObject({ code: 'CUSTOMER_LOCKED' })
    advance(60_000 + 1000)
    await expect(t.engine.customers.signIn(PHONE, 'qwerty1!', TELLER)).resolves.toMatchObject({ phone: PHONE })
  })

  it('back by an hour: a session key still expires 15 real minutes after it was sent', async () => {
    await t.engine.customers.sendKey(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    s.wall -= 3600_000
    advance(15 * 60_000 + 1000)
    await expect(t.engine.customers.confirmVerification(PHONE, code, TELLER)).rejects.toMatchObject({ code: 'SESSION_KEY_EXPIRED' })
    await expect.poll(jumpsAudited).toHaveLength(1)
    expect(await call(Channel.SystemStatus, {}, CTX)).toMatchObject({ ok: true, value: { clock: { jumps: 1, offsetMs: -3600_000 } } })
  })
})
