import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, STAFF_PASSWORD, type TypedDispatch } from '../../support/dispatch'
import { registerCustomer } from '../../support/customers'
import { enrolAt, nextCode } from '../../support/staff-totp'

const PHONE = '+77051112233'
const MIN = 60_000
const maker: CallContext = { clientId: 'wc:maker', workstation: 'ws-1' }
const checker: CallContext = { clientId: 'wc:checker', workstation: 'ws-2' }
const third: CallContext = { clientId: 'wc:third', workstation: 'ws-3' }

/** Four-eyes approval (issue 13, PCI DSS 7.2/8.2 separation of duties): maker requests, a different supervisor approves. */
describe('four-eyes approval of supervisor overrides', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: maker },
      { login: 'boss2', role: 'supervisor', ctx: checker },
      { login: 'boss3', role: 'supervisor', ctx: third },
    ])
  })
  afterEach(async () => t.close())

  const audits = async (prefix: string) =>
    (await t.engine.ds.query(`SELECT action, outcome, actor_staff_id, details FROM audit_event WHERE action LIKE ? ORDER BY seq`, [`${prefix}%`])) as {
      action: string
      outcome: string
      actor_staff_id: string
      details: string
    }[]
  const staffId = async (login: string) => ((await t.engine.ds.query(`SELECT id FROM staff WHERE login = ?`, [login])) as { id: string }[])[0]!.id

  async function blockedCustomer(): Promise<void> {
    await registerCustomer(t, PHONE, 'Secret-77')
    expect(await call(Channel.CustomerBlock, { phone: PHONE, reason: 'Suspicious activity' }, maker)).toEqual({ ok: true, value: null })
  }

  async function requestUnblock(): Promise<string> {
    const r = await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'Customer identified with ID card' }, maker)
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    const inbox = await call(Channel.ApprovalsList, {}, checker)
    if (!inbox.ok) throw new Error(inbox.error.code)
    expect(inbox.value).toHaveLength(1)
    return inbox.value[0]!.id
  }

  it('lifting a bank block waits for a second supervisor; the maker cannot approve it (refused in the engine and audited)', async () => {
    await blockedCustomer()
    const id = await requestUnblock()
    // Nothing happened yet: the customer is still blocked.
    expect(await call(Channel.LockoutsList, {}, maker)).toMatchObject({ ok: true, value: [{ phone: PHONE, kind: 'block' }] })
    const inbox = await call(Channel.ApprovalsList, {}, maker)
    expect(inbox).toMatchObject({ ok: true, value: [{ id, kind: 'customer.unblock', status: 'pending', makerLogin: 'chief', makerReason: 'Customer identified with ID card', mine: true, summary: { phone: PHONE } }] })

    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'I approve my own request' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_SELF } })
    // Re-authenticating as oneself on one's own window is the same person.
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Still me', checker: { login: 'chief', password: STAFF_PASSWORD, code: nextCode('chief', t.clock.now().getTime()) } }, maker)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.APPROVAL_SELF },
    })
    expect((await audits('approval.')).filter((a) => a.action === 'approval.selfRefused')).toHaveLength(2)
    expect(await call(Channel.LockoutsList, {}, maker)).toMatchObject({ ok: true, value: [{ kind: 'block' }] })

    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Checked the ID copy' }, checker)).toMatchObject({ ok: true, value: { id, status: 'executed', checkerLogin: 'boss2' } })
    expect(await call(Channel.LockoutsList, {}, maker)).toEqual({ ok: true, value: [] })
    const steps = (await audits('approval.')).map((a) => [a.action, a.outcome])
    expect(steps).toEqual([
      ['approval.requested', 'success'],
      ['approval.selfRefused', 'denied'],
      ['approval.selfRefused', 'denied'],
      ['approval.approved', 'success'],
      ['approval.executed', 'success'],
    ])
    const unblock = await audits('customer.unblock')
    expect(unblock).toHaveLength(1)
    expect(unblock[0]!.actor_staff_id).toBe(await staffId('boss2'))
    const executed = await audits('approval.executed')
    expect(executed[0]!.actor_staff_id).toBe(await staffId('boss2'))
    expect(JSON.parse(executed[0]!.details)).toEqual({ requestId: id, kind: 'customer.unblock', maker: await staffId('chief') })
    expect(await call(Channel.ApprovalsList, {}, checker)).toEqual({ ok: true, value: [] })
  })

  it('the reasons are sealed in the store, never in clear', async () => {
    await blockedCustomer()
    await requestUnblock()
    const rows = (await t.engine.ds.query(`SELECT * FROM approval_request`)) as Record<string, unknown>[]
    const raw = JSON.stringify(rows)
    expect(raw).not.toContain('Customer identified')
    expect(raw).not.toContain(PHONE)
    expect(raw).not.toContain(PHONE.slice(1))
  })

  it('a request expires after 30 minutes: approving it then is refused, audited, and nothing is executed', async () => {
    await blockedCustomer()
    const id = await requestUnblock()
    // The staff sessions stay active (idle lock: 5 minutes) while the request's 30 minutes run out.
    for (let m = 0; m < 30; m += 4) {
      t.clock.advance(Math.min(4, 30 - m) * MIN)
      for (const ctx of [maker, checker]) expect(await call(Channel.StaffTouch, {}, ctx)).toMatchObject({ ok: true })
    }
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Too late now' }, checker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_EXPIRED } })
    expect(await call(Channel.ApprovalsList, {}, checker)).toEqual({ ok: true, value: [] })
    expect(await call(Channel.LockoutsList, {}, maker)).toMatchObject({ ok: true, value: [{ kind: 'block' }] })
    expect((await audits('approval.expired')).length).toBe(1)
    expect(await t.engine.ds.query(`SELECT status FROM approval_request`)).toEqual([{ status: 'expired' }])
  })

  it('two supervisors approving at once: one execution, the other is told it is already decided', async () => {
    await blockedCustomer()
    const id = await requestUnblock()
    const [a, b] = await Promise.all([
      call(Channel.ApprovalsApprove, { requestId: id, reason: 'Approved by boss2' }, checker),
      call(Channel.ApprovalsApprove, { requestId: id, reason: 'Approved by boss3' }, third),
    ])
    const results = [a, b]
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error.code === ErrorCode.APPROVAL_DECIDED)).toHaveLength(1)
    expect(await audits('customer.unblock')).toHaveLength(1)
    expect(await audits('approval.executed')).toHaveLength(1)
  })

  it('a rejection with a reason ends the request without acting; a rejected request cannot be approved', async () => {
    await blockedCustomer()
    const id = await requestUnblock()
    expect(await call(Channel.ApprovalsReject, { requestId: id, reason: 'ID did not match' }, checker)).toMatchObject({ ok: true, value: { status: 'rejected', checkerReason: 'ID did not match' } })
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Changed my mind' }, third)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_DECIDED } })
    expect(await call(Channel.LockoutsList, {}, maker)).toMatchObject({ ok: true, value: [{ kind: 'block' }] })
    expect((await audits('approval.rejected')).length).toBe(1)
  })

  it('on the same workstation, another supervisor approves by re-authenticating; a wrong password is refused and counted', async () => {
    await blockedCustomer()
    const id = await requestUnblock()
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Seen the ID', checker: { login: 'boss2', password: 'Wrong-password-1', code: '123456' } }, maker)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED },
    })
    expect(await t.engine.ds.query(`SELECT failed_attempts FROM staff WHERE login = 'boss2'`)).toEqual([{ failed_attempts: 1 }])
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Seen the ID', checker: { login: 'boss2', password: STAFF_PASSWORD, code: nextCode('boss2', t.clock.now().getTime()) } }, maker)).toMatchObject({
      ok: true,
      value: { status: 'executed', checkerLogin: 'boss2' },
    })
    expect(await call(Channel.LockoutsList, {}, maker)).toEqual({ ok: true, value: [] })
  })

  it('a teller cannot re-authenticate as the checker', async () => {
    await t.engine.staff.create({ login: 'dana', displayName: 'Dana', role: 'teller', password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
    await blockedCustomer()
    const id = await requestUnblock()
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Seen the ID', checker: { login: 'dana', password: STAFF_PASSWORD } }, maker)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.FORBIDDEN },
    })
  })

  it('creating a supervisor waits for approval (the new password is held only as a hash); creating a teller does not', async () => {
    const NEW = 'New-Supervisor-2026'
    expect(await call(Channel.StaffCreate, { login: 'dana', displayName: 'Dana', role: 'teller', password: NEW }, maker)).toMatchObject({ ok: true })
    expect(await call(Channel.StaffCreate, { login: 'aliya', displayName: 'Aliya', role: 'supervisor', password: NEW }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    expect(await t.engine.ds.query(`SELECT login FROM staff WHERE login = 'aliya'`)).toEqual([])
    const inbox = await call(Channel.ApprovalsList, {}, checker)
    expect(inbox).toMatchObject({ ok: true, value: [{ kind: 'staff.createSupervisor', summary: { login: 'aliya' } }] })
    expect(JSON.stringify(inbox)).not.toContain('argon2')
    expect(JSON.stringify(await t.engine.ds.query(`SELECT * FROM approval_request`))).not.toContain(NEW)
    const id = inbox.ok ? inbox.value[0]!.id : ''
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'New branch supervisor' }, checker)).toMatchObject({ ok: true, value: { status: 'executed' } })
    // The new supervisor signs in with the password held in the request, and enrols a second factor.
    expect(await enrolAt(call, { clientId: 'wc:aliya', workstation: 'ws-4' }, 'aliya', NEW, t.clock.now().getTime())).toMatchObject({ session: { login: 'aliya', role: 'supervisor' } })
  })

  it('lifting a 15-minute lockout early is a single supervisor with a reason by default', async () => {
    await registerCustomer(t, PHONE, 'Secret-77')
    for (let i = 0; i < 3; i++) await t.engine.customers.signIn(PHONE, `Wrong-${i}-pass`, { staffId: null, workstation: 'ws-1' }).catch(() => undefined)
    expect(await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'Customer identified' }, maker)).toEqual({ ok: true, value: null })
    expect(await call(Channel.ApprovalsList, {}, checker)).toEqual({ ok: true, value: [] })
  })

  it('key rotation is requested in the admin CLI and approved there, where it runs: the app refuses to approve it', async () => {
    const chief = { staffId: await staffId('chief'), workstation: 'cli:ws' }
    const req = await t.engine.approvals.request('keys.rotate', {}, 'Yearly key rotation', chief)
    expect(await call(Channel.ApprovalsList, {}, checker)).toMatchObject({ ok: true, value: [{ id: req.id, kind: 'keys.rotate', makerLogin: 'chief' }] })
    expect(await call(Channel.ApprovalsApprove, { requestId: req.id, reason: 'Looks fine' }, checker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_ELSEWHERE } })
    expect(await t.engine.ds.query(`SELECT status FROM approval_request`)).toEqual([{ status: 'pending' }])
    // Rejecting needs no executor: a checker may turn it down from the app.
    expect(await call(Channel.ApprovalsReject, { requestId: req.id, reason: 'Not this week' }, checker)).toMatchObject({ ok: true, value: { status: 'rejected' } })
  })

  it('a staff lockout is lifted by one supervisor by default, or waits for a second one when the branch says so', async () => {
    for (let i = 0; i < 10; i++) await call(Channel.StaffSignIn, { login: 'boss3', password: `Wrong-password-${i}` }, { clientId: 'wc:x', workstation: 'ws-9' })
    const boss3 = await staffId('boss3')
    expect(await call(Channel.StaffUnlock, { staffId: boss3, reason: 'Identity confirmed in person' }, maker)).toMatchObject({ ok: true, value: { lockedUntil: null } })
  })

  it('tellers have no approvals inbox', async () => {
    const teller: CallContext = { clientId: 'wc:teller', workstation: 'ws-5' }
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: teller }])
    expect(await call(Channel.ApprovalsList, {}, teller)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
  })
})

describe('four-eyes policy from the configuration', () => {
  it('a configuration cannot make the policy laxer or the expiry unbounded: the engine refuses to start', async () => {
    await expect(startTestEngine({ approvals: { twoPerson: ['refunds-off' as never], expiryMinutes: 30 } })).rejects.toThrow(/Unknown four-eyes action/)
    await expect(startTestEngine({ approvals: { twoPerson: [], expiryMinutes: 0 } })).rejects.toThrow(/1 to 1440 minutes/)
  })

  let t: TestEngine | null = null
  afterEach(async () => {
    await t?.close()
    t = null
  })

  it('a branch may require two people for lifting a lockout early', async () => {
    t = await startTestEngine({ approvals: { twoPerson: ['customer.unlock'], expiryMinutes: 30 } })
    const call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [{ login: 'chief', role: 'supervisor', ctx: maker }])
    await registerCustomer(t, PHONE, 'Secret-77')
    for (let i = 0; i < 3; i++) await t.engine.customers.signIn(PHONE, `Wrong-${i}-pass`, { staffId: null, workstation: 'ws-1' }).catch(() => undefined)
    expect(await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'Customer identified' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
  })

  it('a branch may require two people for lifting a staff lockout early', async () => {
    t = await startTestEngine({ approvals: { twoPerson: ['staff.unlock'], expiryMinutes: 30 } })
    const call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: maker },
      { login: 'boss2', role: 'supervisor', ctx: checker },
    ])
    await t.engine.staff.create({ login: 'boss3', displayName: 'Boss 3', role: 'supervisor', password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
    for (let i = 0; i < 10; i++) await call(Channel.StaffSignIn, { login: 'boss3', password: `Wrong-password-${i}` }, { clientId: 'wc:x', workstation: 'ws-9' })
    const id = ((await t.engine.ds.query(`SELECT id FROM staff WHERE login = 'boss3'`)) as { id: string }[])[0]!.id
    expect(await call(Channel.StaffUnlock, { staffId: id, reason: 'Identity confirmed in person' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    const inbox = await call(Channel.ApprovalsList, {}, checker)
    expect(inbox).toMatchObject({ ok: true, value: [{ kind: 'staff.unlock', summary: { login: 'boss3' } }] })
    const requestId = inbox.ok ? inbox.value[0]!.id : ''
    expect(await call(Channel.ApprovalsApprove, { requestId, reason: 'Confirmed by phone' }, checker)).toMatchObject({ ok: true, value: { status: 'executed' } })
    // Unlocked: the right password is accepted again (boss3 has no second factor yet, so enrols it now).
    expect(await enrolAt(call, { clientId: 'wc:b3', workstation: 'ws-9' }, 'boss3', STAFF_PASSWORD, t.clock.now().getTime())).toMatchObject({ session: { login: 'boss3' } })
  })
})
