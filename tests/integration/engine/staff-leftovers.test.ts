import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, type TypedDispatch } from '../../support/dispatch'
import { confirmEnrolment, enrolAt, signInWithCode } from '../../support/staff-totp'

const P0 = 'Password-zero-00'
const P1 = 'Password-one-111'
const TELLER_PW = 'Teller-Password-1'
const w1: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const w2: CallContext = { clientId: 'wc:2', workstation: 'ws-1' }
const w3: CallContext = { clientId: 'wc:3', workstation: 'ws-1' }

/** Issue 13 leftovers: a password change ends the member's other sessions; the admin CLI re-enables an account (PCI DSS 8.2.6, 8.3). */
describe('staff: password change ends other sessions; re-enabling a disabled account', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine({}, { sleep: async () => {} })
    call = recordingDispatch(t.engine, [])
    await call(Channel.StaffBootstrap, { login: 'chief', displayName: 'Chief', password: P0 }, w1)
    // First run: the first supervisor enrols a second factor before the session starts.
    await confirmEnrolment(call, w1, 'chief', t.clock.now().getTime())
  })
  afterEach(async () => t.close())
  const audit = async (action: string) =>
    (await t.engine.ds.query(`SELECT actor_staff_id, outcome, details FROM audit_event WHERE action = ? ORDER BY seq`, [action])) as { actor_staff_id: string | null; outcome: string; details: string }[]

  it("a password change ends the member's sessions in every other window (they must sign in again with the new password), keeps this one, and is audited", async () => {
    t.clock.advance(30_000)
    expect(await signInWithCode(call, w2, 'chief', P0, t.clock.now().getTime())).toMatchObject({ ok: true })
    t.clock.advance(30_000)
    expect(await signInWithCode(call, w3, 'chief', P0, t.clock.now().getTime())).toMatchObject({ ok: true })
    expect(await call(Channel.StaffChangePassword, { currentPassword: P0, newPassword: P1 }, w1)).toEqual({ ok: true, value: null })
    expect(await call(Channel.StaffList, {}, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    expect(await call(Channel.StaffList, {}, w3)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    expect(await call(Channel.StaffList, {}, w1)).toMatchObject({ ok: true })
    const ended = await audit('staff.sessionsEnded')
    expect(ended).toHaveLength(1)
    expect(JSON.parse(ended[0]!.details)).toEqual({ reason: 'password_changed', ended: 2 })
    expect(ended[0]!.actor_staff_id).toBe((await t.engine.staff.list())[0]!.id)
  })

  it('the admin CLI re-enables an account by login (for one disabled after 90 days unused), audited with no staff actor; an unknown login is refused clearly', async () => {
    const created = await call(Channel.StaffCreate, { login: 'dana', displayName: 'Dana', role: 'teller', password: TELLER_PW }, w1)
    expect(created).toMatchObject({ ok: true })
    const id = (created as { value: { id: string } }).value.id
    t.clock.advance(91 * 24 * 3600_000)
    await t.engine.gate.staffAccess.disableUnused('ws-1')
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: TELLER_PW }, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_DISABLED } })

    const cli = { staffId: null, workstation: 'cli:host' }
    await expect(t.engine.staff.enableByLogin('Dana', cli)).resolves.toMatchObject({ login: 'dana', disabled: false })
    // Enabled: the password is accepted again (dana never enrolled a second factor, so enrols it now).
    expect(await enrolAt(call, w2, 'dana', TELLER_PW, t.clock.now().getTime())).toMatchObject({ session: { login: 'dana' } })
    const enabled = await audit('staff.enable')
    expect(enabled.map((r) => [r.actor_staff_id, r.outcome, JSON.parse(r.details).login])).toEqual([[null, 'success', 'dana']])
    expect(JSON.parse(enabled[0]!.details).staffId).toBe(id)
    await expect(t.engine.staff.enableByLogin('nobody', cli)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND })
  })
})
