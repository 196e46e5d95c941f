import { rmSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, type TypedDispatch } from '../../support/dispatch'
import { confirmEnrolment, enrolAt, nextCode } from '../../support/staff-totp'
import { createGate } from '../../../src/main/ipc/gate'
import type { Engine } from '../../../src/main/app/composition-root'

const PASSWORD = 'Sup3rvisor-Pass-2026'
const MIN = 60_000
const sup: CallContext = { clientId: 'wc:sup', workstation: 'ws-1' }
const att: CallContext = { clientId: 'wc:attacker', workstation: 'ws-2' }
const sup2: CallContext = { clientId: 'wc:sup2', workstation: 'ws-3' }

const typed = (e: Engine) => createGate(e) as unknown as TypedDispatch

describe('staff lockout (PCI DSS 8.3.4): 10 wrong passwords lock a login for 30 minutes', () => {
  let t: TestEngine
  let call: TypedDispatch
  const sleeps: number[] = []
  beforeEach(async () => {
    sleeps.length = 0
    t = await startTestEngine({}, { sleep: async (ms: number) => void sleeps.push(ms) })
    call = recordingDispatch(t.engine, [])
    await call(Channel.StaffBootstrap, { login: 'chief', displayName: 'Chief', password: PASSWORD }, sup)
    await confirmEnrolment(call, sup, 'chief', t.clock.now().getTime())
    await t.engine.staff.create({ login: 'boss2', displayName: 'Boss 2', role: 'supervisor', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    // PCI DSS 8.4.2: boss2 has a second factor too; the right password below comes with a fresh code.
    await enrolAt(call, sup2, 'boss2', PASSWORD, t.clock.now().getTime())
    await call(Channel.StaffSignOut, {}, sup2)
  })
  const code = (login = 'boss2') => nextCode(login, t.clock.now().getTime())
  afterEach(async () => t.close())

  /** The events of an action, oldest first, as a supervisor reads them (typed reasons are stored sealed: issue 15). */
  const auditRows = async (action: string) =>
    (await t.engine.uow.repos.audit.listOldestFirst({ action: { exact: action } }, 1000))
      .map((r) => t.engine.audit.sealer.open(r))
      .map((r) => ({ actor_staff_id: r.actorStaffId, outcome: r.outcome, details: r.details }))

  it('100 parallel wrong attempts count exactly 10, lock once, and the right password is then refused without being checked', async () => {
    const verify = vi.spyOn(t.engine.hasher, 'verify')
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => call(Channel.StaffSignIn, { login: 'boss2', password: `Wrong-password-${i}` }, { ...att, clientId: `wc:a${i % 7}` })))
    expect(results.every((r) => !r.ok && r.error.code === ErrorCode.STAFF_SIGN_IN_REFUSED)).toBe(true)
    // Only the 10 reserved attempts reach the hash; the other 90 are refused by the count.
    expect(verify).toHaveBeenCalledTimes(10)
    const row = (await t.engine.ds.query(`SELECT failed_attempts, locked_until FROM staff WHERE login = 'boss2'`)) as { failed_attempts: number; locked_until: string }[]
    expect(row).toEqual([{ failed_attempts: 10, locked_until: new Date(t.clock.now().getTime() + 30 * MIN).toISOString() }])
    expect(await auditRows('staff.lockout')).toHaveLength(1)
    const attempts = await auditRows('staff.signIn')
    expect(attempts.filter((a) => a.outcome === 'failure')).toHaveLength(10)
    expect(attempts.filter((a) => a.outcome === 'denied' && JSON.parse(a.details).reason === 'locked')).toHaveLength(90)

    const right = await call(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)
    expect(right).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(verify).toHaveBeenCalledTimes(10)
  })

  it('the refusal is the same for an unknown login, a wrong password and a locked login; the audit records the truth', async () => {
    const earlier = (await auditRows('staff.signIn')).length
    const unknown = await call(Channel.StaffSignIn, { login: 'nobody', password: PASSWORD }, att)
    const wrong = await call(Channel.StaffSignIn, { login: 'boss2', password: 'Wrong-password-1' }, att)
    for (let i = 0; i < 9; i++) await call(Channel.StaffSignIn, { login: 'boss2', password: 'Wrong-password-1' }, att)
    const locked = await call(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, att)
    expect(unknown).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    expect(wrong).toEqual(unknown)
    expect(locked).toEqual(unknown)
    const attempts = (await auditRows('staff.signIn')).slice(earlier)
    expect(attempts.map((a) => [a.outcome, JSON.parse(a.details).reason])).toEqual([
      ['failure', 'unknown_login'],
      ...Array.from({ length: 10 }, () => ['failure', 'wrong_password']),
      ['denied', 'locked'],
    ])
    expect(JSON.stringify(attempts)).not.toContain(PASSWORD)
  })

  it('the lock ends after exactly 30 minutes and survives a restart', async () => {
    for (let i = 0; i < 10; i++) await call(Channel.StaffSignIn, { login: 'boss2', password: 'Wrong-password-1' }, att)
    await t.engine.close()
    const again = await reopenEngine(t.dataDir, t.clock, { sleep: async () => {} })
    t.close = async () => {
      await again.close() // the first engine is closed already
      rmSync(t.dataDir, { recursive: true, force: true })
    }
    const call2 = typed(again)
    t.clock.advance(30 * MIN - 1000)
    expect(await call2(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_SIGN_IN_REFUSED } })
    t.clock.advance(1000)
    expect(await call2(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)).toMatchObject({ ok: true, value: { login: 'boss2' } })
    expect((await again.ds.query(`SELECT failed_attempts, locked_until FROM staff WHERE login = 'boss2'`)) as unknown[]).toEqual([{ failed_attempts: 0, locked_until: null }])
  })

  it('a right password before the 10th failure signs in and resets the count', async () => {
    for (let i = 0; i < 9; i++) await call(Channel.StaffSignIn, { login: 'boss2', password: 'Wrong-password-1' }, att)
    expect((await call(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)).ok).toBe(true)
    expect((await t.engine.ds.query(`SELECT failed_attempts FROM staff WHERE login = 'boss2'`)) as unknown[]).toEqual([{ failed_attempts: 0 }])
  })

  it('slows each connection after failures: 250 ms per failure, capped at 5 s, reset by a success', async () => {
    for (let i = 0; i < 3; i++) await call(Channel.StaffSignIn, { login: 'nobody', password: 'Wrong-password-1' }, att)
    expect(sleeps).toEqual([250, 500])
    for (let i = 0; i < 30; i++) await call(Channel.StaffSignIn, { login: 'nobody', password: 'Wrong-password-1' }, att)
    expect(Math.max(...sleeps)).toBe(5000)
    sleeps.length = 0
    // Another connection is not slowed by this one's failures.
    expect((await call(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)).ok).toBe(true)
    expect(sleeps).toEqual([])
  })

  it('another supervisor unlocks a locked login with a reason (audited); nobody unlocks themself; a teller cannot', async () => {
    for (let i = 0; i < 10; i++) await call(Channel.StaffSignIn, { login: 'boss2', password: 'Wrong-password-1' }, att)
    const list = await call(Channel.StaffList, {}, sup)
    const boss2 = list.ok ? list.value.find((m) => m.login === 'boss2')! : null
    expect(boss2).toMatchObject({ lockedUntil: new Date(t.clock.now().getTime() + 30 * MIN).toISOString() })
    expect(await call(Channel.StaffUnlock, { staffId: boss2!.id, reason: '' }, sup)).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(await call(Channel.StaffUnlock, { staffId: boss2!.id, reason: 'Called the branch, identity confirmed' }, sup)).toMatchObject({
      ok: true,
      value: { login: 'boss2', lockedUntil: null },
    })
    expect((await call(Channel.StaffSignIn, { login: 'boss2', password: PASSWORD, code: code() }, sup2)).ok).toBe(true)
    expect(await call(Channel.StaffUnlock, { staffId: boss2!.id, reason: 'Not locked any more' }, sup)).toMatchObject({ ok: false, error: { code: ErrorCode.STAFF_NOT_LOCKED } })
    const unlocks = await auditRows('staff.unlock')
    expect(unlocks).toHaveLength(1)
    expect(JSON.parse(unlocks[0]!.details)).toMatchObject({ staffId: boss2!.id, reason: 'Called the branch, identity confirmed' })

    // chief is locked while signed in elsewhere: chief may not lift their own lock.
    for (let i = 0; i < 10; i++) await call(Channel.StaffSignIn, { login: 'chief', password: 'Wrong-password-1' }, att)
    const me = await call(Channel.StaffSession, {}, sup)
    expect(await call(Channel.StaffUnlock, { staffId: me.ok ? me.value!.staffId : '', reason: 'It was me all along' }, sup)).toMatchObject({ ok: false, error: { code: ErrorCode.CONFLICT } })
    await t.engine.staff.create({ login: 'dana', displayName: 'Dana', role: 'teller', password: PASSWORD }, { staffId: null, workstation: 'cli' })
    const tel: CallContext = { clientId: 'wc:tel', workstation: 'ws-9' }
    await enrolAt(call, tel, 'dana', PASSWORD, t.clock.now().getTime())
    expect(await call(Channel.StaffUnlock, { staffId: me.ok ? me.value!.staffId : '', reason: 'let me help' }, tel)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.StaffUnlock, { staffId: me.ok ? me.value!.staffId : '', reason: 'Identity confirmed in person' }, sup2)).toMatchObject({ ok: true })
  })
})
