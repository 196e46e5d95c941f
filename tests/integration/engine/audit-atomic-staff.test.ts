import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { ErrorCode } from '../../../src/shared/errors'
import { Channel } from '../../../src/shared/ipc/channels'
import { failAuditOf, restoreAudit } from '../../support/audit-faults'
import { SUPERVISOR, TELLER } from '../../support/customers'
import { recordingDispatch, type TypedDispatch } from '../../support/dispatch'
import { enrolAt, secretOf } from '../../support/staff-totp'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

const PASSWORD = 'Teller-Password-2026'
const PHONE = '+77012345678'
const ws: CallContext = { clientId: 'wc:aidana', workstation: 'ws-test-1' }

/**
 * Issue 14, atomic with the action: each staff decision (and a session key's delivery) commits with
 * its audit event, so an audit write that fails (a full disk, a crash) leaves the decision unmade.
 */
describe('issue 14: staff decisions commit with their audit event, or not at all', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
  })
  afterEach(async () => t.close())

  const events = async (action: string) => (await t.engine.auditReview.search({ action }, null)).rows.length
  const staffRow = async () => ((await t.engine.ds.query(`SELECT id, disabled, password_hash FROM staff WHERE login = 'aidana'`)) as { id: string; disabled: number | boolean; password_hash: string }[])[0]
  const create = () => t.engine.staff.create({ login: 'aidana', displayName: 'Aidana', role: 'teller', password: PASSWORD }, SUPERVISOR)

  it('an account whose creation cannot be recorded is not created', async () => {
    failAuditOf(t, 'staff.create')
    const refused = await create().catch((e: unknown) => e)
    expect({ row: await staffRow(), events: await events('staff.create') }).toEqual({ row: undefined, events: 0 })
    expect(refused).toMatchObject({ code: ErrorCode.STORAGE_FULL })
  })

  it('a disabling whose audit event cannot be written leaves the account enabled', async () => {
    const member = await create()
    failAuditOf(t, 'staff.disable')
    const refused = await t.engine.staff.setDisabled(member.id, true, SUPERVISOR).catch((e: unknown) => e)
    expect({ disabled: Boolean((await staffRow())!.disabled), events: await events('staff.disable') }).toEqual({ disabled: false, events: 0 })
    expect(refused).toMatchObject({ code: ErrorCode.STORAGE_FULL })
  })

  it('a password change whose audit event cannot be written keeps the old password', async () => {
    const member = await create()
    const before = (await staffRow())!.password_hash
    failAuditOf(t, 'staff.passwordChange')
    const refused = await t.engine.gate.staffAccess.changePassword(member.id, PASSWORD, 'Teller-Password-2027', { staffId: member.id, workstation: 'ws-test-1' }).catch((e: unknown) => e)
    expect((await staffRow())!.password_hash).toBe(before)
    expect(await events('staff.passwordChange')).toBe(0)
    expect(refused).toMatchObject({ code: ErrorCode.STORAGE_FULL })
  })

  it('a second-factor reset whose audit event cannot be written leaves the second factor', async () => {
    const member = await create()
    await enrolAt(call, ws, 'aidana', PASSWORD, t.clock.now().getTime())
    failAuditOf(t, 'staff.totp.reset')
    const refused = await t.engine.gate.staffAccess.resetSecondFactor(member.id, 'Phone lost', SUPERVISOR).catch((e: unknown) => e)
    expect(await t.engine.ds.query(`SELECT count(*) AS n FROM staff_totp`)).toEqual([{ n: 1 }])
    expect(await events('staff.totp.reset')).toBe(0)
    expect(refused).toMatchObject({ code: ErrorCode.STORAGE_FULL })
  })

  it('a TOTP code whose use cannot be recorded is not spent: the same code signs in once the disk has room', async () => {
    await create()
    await enrolAt(call, ws, 'aidana', PASSWORD, t.clock.now().getTime())
    await call(Channel.StaffSignOut, {}, ws)
    t.clock.advance(30_000)
    const code = totpCode(secretOf('aidana'), stepAt(t.clock.now().getTime()))
    failAuditOf(t, 'staff.totp.verify')
    const refused = await call(Channel.StaffSignIn, { login: 'aidana', password: PASSWORD, code }, ws)
    restoreAudit(t)
    // On the previous code the step had been spent on its own: the retry was refused as a replay.
    expect(await call(Channel.StaffSignIn, { login: 'aidana', password: PASSWORD, code }, ws)).toMatchObject({ ok: true })
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.STORAGE_FULL } })
  })

  it('a resent session key whose delivery cannot be recorded does not supersede the previous key', async () => {
    await t.engine.sessionKeys.issue(PHONE, 'verify', TELLER)
    t.clock.advance(2 * 60_000)
    failAuditOf(t, 'sessionKey.send')
    const refused = await t.engine.sessionKeys.issue(PHONE, 'verify', TELLER).catch((e: unknown) => e)
    // On the previous code the older key had been superseded on its own, with no event of the send that did it.
    // And the new key, whose send event could not be recorded, never works (review F4).
    expect(await t.engine.ds.query(`SELECT state FROM session_key ORDER BY created_at`)).toEqual([{ state: 'active' }, { state: 'expired' }])
    expect(await events('sessionKey.send')).toBe(1)
    expect(refused).toMatchObject({ code: ErrorCode.STORAGE_FULL })
  })
})
