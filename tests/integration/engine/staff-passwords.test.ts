import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, type TypedDispatch } from '../../support/dispatch'
import { confirmEnrolment, enrolAt, nextCode } from '../../support/staff-totp'

const P = ['Password-zero-00', 'Password-one-111', 'Password-two-222', 'Password-three-3', 'Password-four-44']
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const w1: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const w2: CallContext = { clientId: 'wc:2', workstation: 'ws-2' }

describe('staff passwords and sessions (PCI DSS 8.3.6, 8.3.7, 8.2.8, 8.2.6)', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    replies.length = 0
    t = await startTestEngine({}, { sleep: async () => {} })
    call = recordingDispatch(t.engine, replies)
    await call(Channel.StaffBootstrap, { login: 'chief', displayName: 'Chief', password: P[0]! }, w1)
    await confirmEnrolment(call, w1, 'chief', t.clock.now().getTime())
  })
  afterEach(async () => t.close())

  const change = (currentPassword: string, newPassword: string, ctx = w1) => call(Channel.StaffChangePassword, { currentPassword, newPassword }, ctx)
  const signIn = (password: string, ctx = w2) => {
    // A fresh TOTP step for each attempt (each step is accepted once).
    t.clock.advance(30_000)
    return call(Channel.StaffSignIn, { login: 'chief', password, code: nextCode('chief', t.clock.now().getTime()) }, ctx)
  }

  it('a staff member changes their own password with the current one; the old one then stops working', async () => {
    expect(await change('Wrong-current-1', P[1]!)).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_CREDENTIALS } })
    expect(await change(P[0]!, 'short-1')).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(await change(P[0]!, 'no-digits-at-all-here')).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(await change(P[0]!, P[1]!)).toEqual({ ok: true, value: null })
    expect(await signIn(P[0]!)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(await signIn(P[1]!)).toMatchObject({ ok: true })
    const rows = (await t.engine.ds.query(`SELECT outcome, details FROM audit_event WHERE action = 'staff.passwordChange' ORDER BY seq`)) as { outcome: string; details: string }[]
    expect(rows.map((r) => [r.outcome, JSON.parse(r.details).reason])).toEqual([['failure', 'wrong_password'], ['success', undefined]])
    // The gate refuses before the engine: a signed-out window cannot change anything.
    expect(await change(P[1]!, P[2]!, { clientId: 'wc:none', workstation: 'x' })).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    for (const file of ['teller.sqlite', 'teller.sqlite-wal']) {
      const path = join(t.dataDir, file)
      if (existsSync(path)) for (const p of P) expect(readFileSync(path).includes(p), file).toBe(false)
    }
    for (const p of P) expect(replies.join('\n')).not.toContain(p)
  })

  it('none of the last 4 passwords may be reused (the current one and the 3 before it); the 5th back may', async () => {
    for (let i = 1; i <= 4; i++) expect(await change(P[i - 1]!, P[i]!)).toEqual({ ok: true, value: null })
    for (const used of [P[4]!, P[3]!, P[2]!, P[1]!]) {
      expect(await change(P[4]!, used)).toMatchObject({ ok: false, error: { code: ErrorCode.PASSWORD_REUSED } })
    }
    const [row] = (await t.engine.ds.query(`SELECT previous_hashes FROM staff WHERE login = 'chief'`)) as { previous_hashes: string }[]
    const history = JSON.parse(row!.previous_hashes) as string[]
    expect(history).toHaveLength(3)
    for (const h of history) expect(h).toMatch(/^\$argon2id\$/)
    expect(await change(P[4]!, P[0]!)).toEqual({ ok: true, value: null })
    expect(await signIn(P[0]!)).toMatchObject({ ok: true })
  })

  it('wrong current passwords count towards the lockout like sign-in attempts', async () => {
    for (let i = 0; i < 10; i++) await change(`Wrong-current-${i}`, P[1]!)
    expect(await change(P[0]!, P[1]!)).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_CREDENTIALS } })
    expect(await signIn(P[0]!)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect((await t.engine.ds.query(`SELECT count(*) AS n FROM audit_event WHERE action = 'staff.lockout'`)) as unknown[]).toEqual([{ n: 1 }])
  })

  it('a session lasts at most 12 hours, however active', async () => {
    // Active every 4 minutes (the idle lock is 5): 179 steps reach 11 h 56 min.
    for (let i = 0; i < 12 * 15 - 1; i++) {
      t.clock.advance(4 * MIN)
      expect((await call(Channel.StaffTouch, {}, w1)).ok).toBe(true)
    }
    t.clock.advance(4 * MIN)
    expect(await call(Channel.StaffTouch, {}, w1)).toMatchObject({ ok: false, error: { code: ErrorCode.SESSION_EXPIRED } })
    expect(await call(Channel.StaffSession, {}, w1)).toEqual({ ok: true, value: null })
  })

  it('an account unused for 90 days is disabled at sign-in and by the daily sweep, audited', async () => {
    await t.engine.staff.create({ login: 'dana', displayName: 'Dana', role: 'teller', password: P[0]! }, { staffId: null, workstation: 'cli' })
    await t.engine.staff.create({ login: 'olga', displayName: 'Olga', role: 'teller', password: P[0]! }, { staffId: null, workstation: 'cli' })
    t.clock.advance(90 * DAY - 1)
    await enrolAt(call, w2, 'olga', P[0]!, t.clock.now().getTime())
    t.clock.advance(1)
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: P[0]! }, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_DISABLED } })
    // A wrong password says nothing about the account's state.
    expect(await call(Channel.StaffSignIn, { login: 'dana', password: 'Wrong-password-1' }, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    // chief (signed in at w1 at the start, never again) is disabled by the sweep, and w1's session ends.
    expect(await t.engine.gate.staffAccess.disableUnused('ws-sweep')).toBe(1)
    expect(await call(Channel.StaffTouch, {}, w1)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    const disabled = (await t.engine.ds.query(`SELECT id, login FROM staff WHERE disabled = 1 ORDER BY login`)) as { id: string; login: string }[]
    const disabledId = (login: string) => disabled.find((r) => r.login === login)!.id
    expect(disabled.map((r) => r.login)).toEqual(['chief', 'dana'])
    const audit = (await t.engine.ds.query(`SELECT actor_staff_id, details FROM audit_event WHERE action = 'staff.disable' ORDER BY seq`)) as { actor_staff_id: null; details: string }[]
    expect(audit.map((a) => [a.actor_staff_id, JSON.parse(a.details).login, JSON.parse(a.details).reason])).toEqual([
      [null, 'dana', 'unused_90_days'],
      [null, 'chief', 'unused_90_days'],
    ])
    // Re-enabled by a supervisor (from the admin CLI or another supervisor), dana may sign in again.
    await t.engine.staff.setDisabled(disabledId('dana'), false, { staffId: null, workstation: 'cli' })
    await enrolAt(call, w2, 'dana', P[0]!, t.clock.now().getTime())
  })
})

describe('staff policy configuration is never laxer than PCI DSS', () => {
  it('refuses an idle lock above 15 minutes and a laxer lockout, whoever built the configuration', async () => {
    await expect(startTestEngine({ idleTimeoutSeconds: 901 })).rejects.toThrow('at most 900 seconds')
    await expect(startTestEngine({ staffLockout: { maxAttempts: 11, lockoutMs: 30 * MIN } })).rejects.toThrow('at most 10')
    await expect(startTestEngine({ staffLockout: { maxAttempts: 10, lockoutMs: 29 * MIN } })).rejects.toThrow('at least 30 minutes')
  })

  it('a stricter lockout applies: 3 attempts, 60 minutes', async () => {
    const t = await startTestEngine({ staffLockout: { maxAttempts: 3, lockoutMs: 60 * MIN } }, { sleep: async () => {} })
    try {
      const call = recordingDispatch(t.engine, [])
      await t.engine.staff.create({ login: 'dana', displayName: 'Dana', role: 'teller', password: P[0]! }, { staffId: null, workstation: 'cli' })
      for (let i = 0; i < 3; i++) await call(Channel.StaffSignIn, { login: 'dana', password: 'Wrong-password-1' }, w1)
      t.clock.advance(59 * MIN)
      expect(await call(Channel.StaffSignIn, { login: 'dana', password: P[0]! }, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
      t.clock.advance(MIN)
      // The password is accepted: dana, with no second factor yet, is sent to enrol it.
      expect(await call(Channel.StaffSignIn, { login: 'dana', password: P[0]! }, w2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_ENROLMENT_REQUIRED } })
    } finally {
      await t.close()
    }
  })
})
