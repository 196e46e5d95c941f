import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext, Dispatch } from '../../../src/main/ipc/dispatch'
import { createGate } from '../../../src/main/ipc/gate'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { StaffEntity } from '../../../src/main/store/entities/staff.entity'
import { PasswordHasher } from '../../../src/main/engine/crypto/password-hasher'
import { startTestEngine, FAST_ARGON2, type TestEngine } from '../../support/temp-engine'
import type { TypedDispatch } from '../../support/dispatch'
import { confirmEnrolment, enrolAt, nextCode } from '../../support/staff-totp'

const typed = (d: Dispatch) => d as unknown as TypedDispatch

const window1: CallContext = { clientId: 'wc:1', workstation: 'ws-test-1' }
const PASSWORD = 'Sup3rvisor-Pass-2026'

describe('staff bootstrap, sign-in and sign-out through the real dispatcher and store', () => {
  let t: TestEngine
  let dispatch: Dispatch
  beforeEach(async () => {
    t = await startTestEngine()
    dispatch = createGate(t.engine)
  })
  afterEach(async () => t.close())

  it('reports an uninitialised store until the first supervisor exists, then refuses a second bootstrap', async () => {
    expect(await dispatch(Channel.SystemStatus, {}, window1)).toMatchObject({ ok: true, value: { initialised: false, schemaVersion: t.engine.schemaVersion } })
    const created = await dispatch(Channel.StaffBootstrap, { login: 'Chief', displayName: 'Aigerim S.', password: PASSWORD }, window1)
    // PCI DSS 8.4.2: the first supervisor enrols a second factor before the session starts.
    expect(created).toMatchObject({ ok: true, value: { login: 'chief' } })
    expect(await dispatch(Channel.StaffSession, {}, window1)).toEqual({ ok: true, value: null })
    const enrolled = await confirmEnrolment(typed(dispatch), window1, 'chief', t.clock.now().getTime())
    expect(enrolled.session).toMatchObject({ login: 'chief', role: 'supervisor', workstation: 'ws-test-1' })
    expect(await dispatch(Channel.SystemStatus, {}, window1)).toMatchObject({ ok: true, value: { initialised: true } })
    const again = await dispatch(Channel.StaffBootstrap, { login: 'intruder', displayName: 'X', password: PASSWORD }, { clientId: 'wc:2', workstation: 'w' })
    expect(again).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_INITIALISED } })
    expect(await t.engine.staff.count()).toBe(1)
  })

  it('signs in with the right password only, keeps the session per window, and signs out', async () => {
    await t.engine.staff.create({ login: 'teller1', displayName: 'Dana', role: 'teller', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    const wrong = await dispatch(Channel.StaffSignIn, { login: 'teller1', password: PASSWORD + 'x' }, window1)
    expect(wrong).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    const unknown = await dispatch(Channel.StaffSignIn, { login: 'nobody', password: PASSWORD }, window1)
    expect(unknown).toEqual(wrong)
    expect(await dispatch(Channel.StaffSession, {}, window1)).toEqual({ ok: true, value: null })

    expect(await dispatch(Channel.StaffSignIn, { login: ' TELLER1 ', password: PASSWORD }, window1)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_ENROLMENT_REQUIRED } })
    const ok = { ok: true, value: (await confirmEnrolment(typed(dispatch), window1, 'teller1', t.clock.now().getTime())).session }
    expect(ok).toMatchObject({ ok: true, value: { login: 'teller1', role: 'teller', displayName: 'Dana' } })
    expect(JSON.stringify(ok)).not.toContain(PASSWORD)
    expect(await dispatch(Channel.StaffSession, {}, window1)).toMatchObject({ ok: true, value: { login: 'teller1' } })
    expect(await dispatch(Channel.StaffSession, {}, { ...window1, clientId: 'wc:2' })).toEqual({ ok: true, value: null })

    await dispatch(Channel.StaffSignOut, {}, window1)
    expect(await dispatch(Channel.StaffTouch, {}, window1)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
  })

  it('refuses a disabled account even with the right password', async () => {
    const s = await t.engine.staff.create({ login: 'gone', displayName: 'G', role: 'teller', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    await t.engine.ds.getRepository(StaffEntity).update({ id: s.id }, { disabled: true })
    expect(await dispatch(Channel.StaffSignIn, { login: 'gone', password: PASSWORD }, window1)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.STAFF_DISABLED },
    })
  })

  it('stores argon2id PHC hashes and rehashes on sign-in when the parameters changed', async () => {
    await t.engine.staff.create({ login: 'old', displayName: 'O', role: 'teller', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    const repo = t.engine.ds.getRepository(StaffEntity)
    const legacy = await new PasswordHasher({ memoryCost: 2048, timeCost: 1, parallelism: 1 }).hash(PASSWORD)
    await repo.update({ login: 'old' }, { passwordHash: legacy })
    // The password is right (so rehashed); the account is then sent to enrol its second factor.
    expect(await dispatch(Channel.StaffSignIn, { login: 'old', password: PASSWORD }, window1)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_ENROLMENT_REQUIRED } })
    const after = (await repo.findOneByOrFail({ login: 'old' })).passwordHash
    expect(after).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${FAST_ARGON2.memoryCost},t=${FAST_ARGON2.timeCost},p=1\\$`))
    expect(after).not.toBe(legacy)
  })

  it('audits every attempt in a hash chain that verifies, and never stores or logs the password', async () => {
    await dispatch(Channel.StaffBootstrap, { login: 'chief', displayName: 'C', password: PASSWORD }, window1)
    await confirmEnrolment(typed(dispatch), window1, 'chief', t.clock.now().getTime())
    await dispatch(Channel.StaffSignOut, {}, window1)
    await dispatch(Channel.StaffSignIn, { login: 'chief', password: 'Wrong-password-123' }, window1)
    await dispatch(Channel.StaffSignIn, { login: 'chief', password: PASSWORD, code: nextCode('chief', t.clock.now().getTime()) }, window1)
    const rows = (await t.engine.ds.query('SELECT action, outcome FROM audit_event ORDER BY seq')) as { action: string; outcome: string }[]
    expect(rows).toEqual([
      { action: 'staff.create', outcome: 'success' },
      // Bootstrap showed a secret; the helper asked for a new one (enrolStart again) and confirmed it.
      { action: 'staff.totp.enrolStart', outcome: 'success' },
      { action: 'staff.totp.enrolStart', outcome: 'success' },
      { action: 'staff.totp.enrol', outcome: 'success' },
      { action: 'staff.signIn', outcome: 'success' },
      { action: 'staff.signOut', outcome: 'success' },
      { action: 'staff.signIn', outcome: 'failure' },
      // The gate records the refused call too (issue 14): the channel and the code, never the password.
      { action: 'access.refused', outcome: 'failure' },
      { action: 'staff.totp.verify', outcome: 'success' },
      { action: 'staff.signIn', outcome: 'success' },
    ])
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: 10 })
    for (const file of ['teller.sqlite', 'teller.sqlite-wal', 'audit-witness.jsonl']) {
      const path = join(t.dataDir, file)
      if (existsSync(path)) {
        const bytes = readFileSync(path)
        expect(bytes.includes(PASSWORD), file).toBe(false)
        expect(bytes.includes('Wrong-password-123'), file).toBe(false)
      }
    }
    expect(t.logLines.join('\n')).not.toContain(PASSWORD)
  })

  it('detects a tampered audit row', async () => {
    await dispatch(Channel.StaffBootstrap, { login: 'chief', displayName: 'C', password: PASSWORD }, window1)
    await dispatch(Channel.StaffSignOut, {}, window1)
    await t.engine.ds.query('DROP TRIGGER audit_event_no_update')
    await t.engine.ds.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq = 1`)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 1, reason: 'link' })
  })
})

describe('staff management by a supervisor', () => {
  let t: TestEngine
  let dispatch: TypedDispatch
  const sup: CallContext = { clientId: 'wc:sup', workstation: 'ws-1' }
  const tel: CallContext = { clientId: 'wc:tel', workstation: 'ws-2' }
  beforeEach(async () => {
    t = await startTestEngine()
    dispatch = typed(createGate(t.engine))
    await dispatch(Channel.StaffBootstrap, { login: 'chief', displayName: 'Chief', password: PASSWORD }, sup)
    await confirmEnrolment(dispatch, sup, 'chief', t.clock.now().getTime())
  })
  afterEach(async () => t.close())

  it('adds a teller, who then signs in but cannot manage staff', async () => {
    const created = await dispatch(Channel.StaffCreate, { login: 'dana', displayName: 'Dana', role: 'teller', password: PASSWORD }, sup)
    expect(created).toMatchObject({ ok: true, value: { login: 'dana', role: 'teller', disabled: false } })
    expect(JSON.stringify(created)).not.toMatch(/argon2|passwordHash/)
    await enrolAt(dispatch, tel, 'dana', PASSWORD, t.clock.now().getTime())
    for (const [ch, body] of [
      [Channel.StaffList, {}],
      [Channel.StaffCreate, { login: 'x2', displayName: 'X', role: 'supervisor', password: PASSWORD }],
    ] as const) {
      expect(await dispatch(ch, body, tel)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    }
    const list = await dispatch(Channel.StaffList, {}, sup)
    expect(list.ok && list.value.map((m) => m.login)).toEqual(['chief', 'dana'])
  })

  it('disables and re-enables an account; a disabled teller cannot sign in', async () => {
    const created = await dispatch(Channel.StaffCreate, { login: 'dana', displayName: 'Dana', role: 'teller', password: PASSWORD }, sup)
    const id = created.ok ? created.value.id : ''
    expect(await dispatch(Channel.StaffSetDisabled, { staffId: id, disabled: true }, sup)).toMatchObject({ ok: true, value: { disabled: true } })
    expect(await dispatch(Channel.StaffSignIn, { login: 'dana', password: PASSWORD }, tel)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_DISABLED } })
    await dispatch(Channel.StaffSetDisabled, { staffId: id, disabled: false }, sup)
    await enrolAt(dispatch, tel, 'dana', PASSWORD, t.clock.now().getTime())
    const actions = (await t.engine.ds.query(`SELECT action FROM audit_event WHERE action LIKE 'staff.%able'`)) as { action: string }[]
    expect(actions.map((a) => a.action)).toEqual(['staff.disable', 'staff.enable'])
  })

  it('refuses to disable yourself or the last active supervisor', async () => {
    const me = await dispatch(Channel.StaffSession, {}, sup)
    const myId = me.ok && me.value ? me.value.staffId : ''
    expect(await dispatch(Channel.StaffSetDisabled, { staffId: myId, disabled: true }, sup)).toMatchObject({ ok: false, error: { code: ErrorCode.CONFLICT } })
    // A second supervisor needs a second supervisor's approval in the app (issue 13): here the admin CLI's way.
    expect(await dispatch(Channel.StaffCreate, { login: 'sup2', displayName: 'S2', role: 'supervisor', password: PASSWORD }, sup)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    const otherId = (await t.engine.staff.create({ login: 'sup2', displayName: 'S2', role: 'supervisor', password: PASSWORD }, { staffId: null, workstation: 'cli' })).id
    expect((await dispatch(Channel.StaffSetDisabled, { staffId: otherId, disabled: true }, sup)).ok).toBe(true)
    // sup2 signs in? No: disabled. Re-enable, let sup2 try to disable chief while chief is the only other active one.
    await dispatch(Channel.StaffSetDisabled, { staffId: otherId, disabled: false }, sup)
    const sup2: CallContext = { clientId: 'wc:sup2', workstation: 'ws-3' }
    await enrolAt(dispatch, sup2, 'sup2', PASSWORD, t.clock.now().getTime())
    expect((await dispatch(Channel.StaffSetDisabled, { staffId: myId, disabled: true }, sup2)).ok).toBe(true)
    expect(await dispatch(Channel.StaffSetDisabled, { staffId: otherId, disabled: true }, sup)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.UNAUTHENTICATED },
    })
    expect(await dispatch(Channel.StaffSetDisabled, { staffId: 'a3d1c0de-0000-4000-8000-000000000000', disabled: true }, sup2)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NOT_FOUND },
    })
  })
})
