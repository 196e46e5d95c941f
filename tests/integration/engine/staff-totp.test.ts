import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Secret } from 'otpauth'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, type TypedDispatch } from '../../support/dispatch'
import { confirmEnrolment, enrolAt } from '../../support/staff-totp'

// PCI DSS v4 8.4.2: every staff account signs in with a password and a TOTP code (RFC 6238).
const PASSWORD = 'Teller-Password-2026'
const STEP = 30_000
// The start of a 30-second step, so the step boundaries are exact.
const STEP_START = '2026-03-10T04:00:00.000Z'
const win = (n: number): CallContext => ({ clientId: `wc:${n}`, workstation: 'ws-test-1' })

describe('staff second factor (TOTP) through the real gate and store', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  const auditRows = async (action: string) =>
    (await t.engine.ds.query('SELECT actor_staff_id, outcome, details FROM audit_event WHERE action = ? ORDER BY seq', [action])) as { actor_staff_id: string | null; outcome: string; details: string }[]
  const now = () => t.clock.now().getTime()
  const newTeller = (login = 'dana') => t.engine.staff.create({ login, displayName: 'Dana', role: 'teller', password: PASSWORD }, { staffId: null, workstation: 'cli' })
  const failedAttempts = async (login: string) => ((await t.engine.uow.repos.staff.findByLogin(login))!.failedAttempts)

  beforeEach(async () => {
    replies.length = 0
    t = await startTestEngine()
    t.clock.set(STEP_START)
    call = recordingDispatch(t.engine, replies)
  })
  afterEach(async () => t.close())

  it('a password alone opens no session: the account must enrol, and only a code from the new secret confirms it', async () => {
    await newTeller()
    const first = await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD }, win(1))
    expect(first).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_ENROLMENT_REQUIRED } })
    expect(await call(Channel.StaffTouch, {}, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    // Another window cannot take over the enrolment opened at window 1.
    expect(await call(Channel.StaffEnrolStart, {}, win(2))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })

    const started = await call(Channel.StaffEnrolStart, {}, win(1))
    if (!started.ok) throw new Error(started.error.code)
    expect(started.value.login).toBe('dana')
    expect(started.value.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(Secret.fromBase32(started.value.secret).bytes.length).toBe(20)
    const wrong = totpCode(started.value.secret, stepAt(now()) + 2)
    expect(await call(Channel.StaffEnrolConfirm, { code: wrong }, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.SECOND_FACTOR_INVALID } })
    expect(await call(Channel.StaffTouch, {}, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    const done = await call(Channel.StaffEnrolConfirm, { code: totpCode(started.value.secret, stepAt(now())) }, win(1))
    if (!done.ok) throw new Error(done.error.code)
    expect(done.value.session).toMatchObject({ login: 'dana', role: 'teller' })
    expect(done.value.recoveryCodes).toHaveLength(10)
    expect(new Set(done.value.recoveryCodes).size).toBe(10)
    expect(await call(Channel.StaffTouch, {}, win(1))).toEqual({ ok: true, value: null })

    // From now on the password alone is refused like a wrong password, and counts toward the lockout.
    const before = await failedAttempts('dana')
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD }, win(3))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code: '000000' === wrong ? '111111' : '000000' }, win(3))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await failedAttempts('dana')).toBe(before + 2)
    expect((await auditRows('staff.totp.enrolStart')).map((r) => r.outcome)).toEqual(['success'])
    expect((await auditRows('staff.totp.enrol')).map((r) => [r.outcome, JSON.parse(r.details).reason ?? null])).toEqual([['failure', 'wrong_code'], ['success', null]])
    const signIns = (await auditRows('staff.signIn')).map((r) => JSON.parse(r.details).reason ?? r.outcome)
    expect(signIns).toEqual(['second_factor_enrolment_required', 'success', 'code_missing', 'wrong_code'])
  })

  it('accepts the current step and one either side, exactly at the step boundaries; never a step twice', async () => {
    await newTeller()
    const { secret } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    const s = stepAt(now()) + 10
    const codeAt = (step: number) => totpCode(secret, step)
    const signIn = (code: string, n = 2) => call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code }, win(n))
    // The first millisecond of step s: s-2 and s+2 are refused.
    t.clock.set(new Date(s * STEP))
    expect(await signIn(codeAt(s - 2))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(codeAt(s + 2))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(codeAt(s - 1))).toMatchObject({ ok: true })
    expect(await signIn(codeAt(s))).toMatchObject({ ok: true })
    expect(await signIn(codeAt(s))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    // The last millisecond of step s: s+1 still accepted, s+2 not yet.
    t.clock.set(new Date(s * STEP + STEP - 1))
    expect(await signIn(codeAt(s + 2))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(codeAt(s + 1))).toMatchObject({ ok: true })
    // A used step is not accepted again, nor any older one, even while still within the window.
    t.clock.set(new Date((s + 1) * STEP))
    expect(await signIn(codeAt(s + 1))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(codeAt(s))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(codeAt(s + 2))).toMatchObject({ ok: true })
    const verify = (await auditRows('staff.totp.verify')).map((r) => JSON.parse(r.details).reason ?? r.outcome)
    expect(verify).toEqual(['wrong_code', 'wrong_code', 'success', 'success', 'replayed', 'wrong_code', 'success', 'replayed', 'replayed', 'success'])
  })

  it('20 parallel submissions of one valid code: exactly one accepted (verify, as re-authentication uses it)', async () => {
    const dana = await newTeller()
    const { secret } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    t.clock.advance(STEP)
    const code = totpCode(secret, stepAt(now()))
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.engine.staffSecondFactor.verify(dana.id, code, { staffId: dana.id, workstation: `ws-${i}` }, 'reauth')))
    expect(results.filter(Boolean)).toHaveLength(1)
    const rows = (await auditRows('staff.totp.verify')).filter((r) => JSON.parse(r.details).purpose === 'reauth')
    expect(rows.map((r) => JSON.parse(r.details).reason ?? 'ok').sort()).toEqual(['ok', ...Array(19).fill('replayed')])
  })

  it('parallel sign-ins at 5 windows with one valid code: exactly one session', async () => {
    await newTeller()
    const { secret } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    t.clock.advance(STEP)
    const code = totpCode(secret, stepAt(now()))
    const results = await Promise.all([2, 3, 4, 5, 6].map((n) => call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code }, win(n))))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error.code === ErrorCode.STAFF_SIGN_IN_REFUSED)).toHaveLength(4)
  })

  it('each recovery code works once, in place of a TOTP code', async () => {
    await newTeller()
    const { recoveryCodes } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    const [first, second] = recoveryCodes as [string, string]
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code: first }, win(2))).toMatchObject({ ok: true })
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code: first }, win(3))).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    // Typed in lower case without dashes: the same code.
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code: second.replace(/-/g, '').toLowerCase() }, win(3))).toMatchObject({ ok: true })
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD, code: 'ABCD-EFGH-JKMN-PQRS' }, win(4))).toMatchObject({ ok: false })
    const rows = (await auditRows('staff.totp.verify')).map((r) => JSON.parse(r.details))
    expect(rows.map((d) => [d.method, d.reason ?? d.recoveryCodesLeft])).toEqual([['recovery_code', 9], ['recovery_code', 'wrong_recovery_code'], ['recovery_code', 8], ['recovery_code', 'wrong_recovery_code']])
  })

  it('the secret and recovery codes are sealed or hashed: not in the database file, WAL, logs, audit or other replies', async () => {
    const dana = await newTeller()
    const { secret, recoveryCodes } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    const [row] = (await t.engine.ds.query('SELECT secret_sealed FROM staff_totp WHERE staff_id = ?', [dana.id])) as { secret_sealed: string }[]
    expect(row!.secret_sealed).toMatch(/^k1:/)
    // Sealed for this row and column: it does not open as another staff member's secret.
    expect(() => t.engine.keys.openField(row!.secret_sealed, `staff_totp.secret_sealed:00000000-0000-0000-0000-000000000000`)).toThrow()
    await t.engine.ds.query('PRAGMA wal_checkpoint(PASSIVE)')
    const raw = Buffer.from(Secret.fromBase32(secret).bytes)
    for (const file of ['teller.sqlite', 'teller.sqlite-wal']) {
      const path = join(t.dataDir, file)
      if (!existsSync(path)) continue
      const bytes = readFileSync(path)
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false)
      expect(bytes.includes(raw), file).toBe(false)
      for (const c of recoveryCodes) {
        expect(bytes.includes(Buffer.from(c)), file).toBe(false)
        expect(bytes.includes(Buffer.from(c.replace(/-/g, ''))), file).toBe(false)
      }
    }
    expect(t.logLines.join('\n')).not.toContain(secret)
    // Only the one enrolment reply carries the secret; only the confirmation carries the recovery codes.
    expect(replies.filter((r) => r.includes(secret))).toHaveLength(1)
    expect(replies.filter((r) => recoveryCodes.some((c) => r.includes(c)))).toHaveLength(1)
  })

  it('first run: the first supervisor enrols before any session starts', async () => {
    const created = await call(Channel.StaffBootstrap, { login: 'chief', displayName: 'Chief', password: PASSWORD }, win(1))
    if (!created.ok) throw new Error(created.error.code)
    expect(created.value).toMatchObject({ login: 'chief' })
    expect(created.value.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(await call(Channel.StaffList, {}, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    const done = await call(Channel.StaffEnrolConfirm, { code: totpCode(created.value.secret, stepAt(now())) }, win(1))
    expect(done).toMatchObject({ ok: true, value: { session: { login: 'chief', role: 'supervisor' } } })
    expect(await call(Channel.StaffList, {}, win(1))).toMatchObject({ ok: true })
  })

  it('a supervisor resets another staff member\'s second factor with a reason (audited): their sessions end and they enrol again; never their own', async () => {
    for (const login of ['chief', 'boss2']) await t.engine.staff.create({ login, displayName: login, role: 'supervisor', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    const dana = await newTeller()
    const chief = await enrolAt(call, win(1), 'chief', PASSWORD, now())
    const boss2 = await enrolAt(call, win(3), 'boss2', PASSWORD, now())
    await enrolAt(call, win(2), 'dana', PASSWORD, now())
    expect(await call(Channel.StaffResetSecondFactor, { staffId: dana.id, reason: 'lost phone' }, win(2))).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.StaffResetSecondFactor, { staffId: chief.session.staffId, reason: 'self' }, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.CONFLICT } })
    // Four eyes (issue 13): the reset waits for a second supervisor; nothing changes until then.
    const pending = await call(Channel.StaffResetSecondFactor, { staffId: dana.id, reason: 'lost phone' }, win(1))
    if (pending.ok || pending.error.code !== ErrorCode.APPROVAL_PENDING) throw new Error(`expected APPROVAL_PENDING, got ${JSON.stringify(pending)}`)
    expect(await call(Channel.StaffTouch, {}, win(2))).toEqual({ ok: true, value: null })
    const requestId = String(pending.error.details?.requestId)
    expect(await call(Channel.ApprovalsApprove, { requestId, reason: 'phone reported lost' }, win(3))).toMatchObject({ ok: true, value: { status: 'executed', checkerLogin: 'boss2' } })
    expect(await call(Channel.StaffTouch, {}, win(2))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    expect(await t.engine.ds.query('SELECT count(*) AS n FROM staff_recovery_code WHERE staff_id = ?', [dana.id])).toEqual([{ n: 0 }])
    t.clock.advance(STEP)
    await enrolAt(call, win(2), 'dana', PASSWORD, now())
    const resets = (await auditRows('staff.totp.reset')).map((r) => [r.outcome, JSON.parse(r.details).reason, r.actor_staff_id])
    // The reset runs as the approving supervisor, with the maker's reason.
    expect(resets).toEqual([['denied', 'self', chief.session.staffId], ['success', 'lost phone', boss2.session.staffId]])
  })

  it('re-authentication (for a second approver) needs password and code in one attempt of the lockout count; a code is used once', async () => {
    const dana = await newTeller()
    const { secret } = await enrolAt(call, win(1), 'dana', PASSWORD, now())
    const actor = { staffId: dana.id, workstation: 'ws-test-1' }
    const reauth = (password: string, code: string) => t.engine.gate.staffAccess.reauthenticate(dana.id, password, code, actor, 'approval.reauth')
    t.clock.advance(STEP)
    const code = totpCode(secret, stepAt(now()))
    const wrong = code === '000000' ? '111111' : '000000'
    await expect(reauth(PASSWORD, wrong)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    await expect(reauth(PASSWORD, '')).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    await expect(reauth('Wrong-password-1', code)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    expect(await failedAttempts('dana')).toBe(3)
    await expect(reauth(PASSWORD, code)).resolves.toBeUndefined()
    expect(await failedAttempts('dana')).toBe(0)
    await expect(reauth(PASSWORD, code)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    // Ten wrong codes with the right password lock the account like ten wrong passwords.
    for (let i = 0; i < 9; i++) await expect(reauth(PASSWORD, wrong)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    expect((await t.engine.uow.repos.staff.findByLogin('dana'))!.lockedUntil).not.toBeNull()
    t.clock.advance(STEP)
    await expect(reauth(PASSWORD, totpCode(secret, stepAt(now())))).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    const reasons = (await auditRows('approval.reauth')).map((r) => JSON.parse(r.details).reason)
    expect(reasons).toEqual(['wrong_code', 'wrong_code', 'wrong_password', 'wrong_code', ...Array(9).fill('wrong_code'), 'locked'])
  })

  it('an enrolment is dropped after 5 wrong codes: the staff member signs in again', async () => {
    await newTeller()
    await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD }, win(1))
    const started = await call(Channel.StaffEnrolStart, {}, win(1))
    if (!started.ok) throw new Error(started.error.code)
    const right = totpCode(started.value.secret, stepAt(now()))
    const wrongCode = right === '123456' ? '654321' : '123456'
    for (let i = 0; i < 5; i++) expect(await call(Channel.StaffEnrolConfirm, { code: wrongCode }, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.SECOND_FACTOR_INVALID } })
    expect(await call(Channel.StaffEnrolConfirm, { code: right }, win(1))).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    await call(Channel.StaffSignIn, { login: 'dana', password: PASSWORD }, win(1))
    await confirmEnrolment(call, win(1), 'dana', now())
  })
})
