import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { FakeClock } from '../../support/fake-clock'
import { StaffSessions } from '../../../src/main/engine/staff/staff-sessions'
import { EngineError } from '../../../src/main/engine/kernel/engine-error'

const ctx = { clientId: 'c1', workstation: 'ws' }

function setup(overrides: Partial<Handlers> = {}) {
  const clock = new FakeClock()
  const sessions = new StaffSessions(clock, 300)
  const logged: unknown[] = []
  const logger = { info: vi.fn(), warn: vi.fn(), error: (m: string, f?: unknown) => logged.push([m, f]) }
  const base: Handlers = {
    [Channel.SystemStatus]: async () => ({ appVersion: '1', schemaVersion: 1, initialised: true, shell: 'browser' }),
    [Channel.StaffBootstrap]: vi.fn(),
    [Channel.StaffSignIn]: vi.fn(),
    [Channel.StaffSignOut]: async () => null,
    [Channel.StaffSession]: async () => null,
    [Channel.StaffTouch]: async () => null,
  } as unknown as Handlers
  const dispatch = createDispatcher({ ...base, ...overrides } as Handlers, sessions, logger)
  return { dispatch, sessions, clock, logged }
}

const teller = { id: 's1', login: 't', displayName: 'T', role: 'teller' as const, disabled: false, createdAt: '', updatedAt: '' }

describe('IPC dispatcher: the one gate for every call', () => {
  it('refuses a channel outside the contract', async () => {
    const { dispatch } = setup()
    expect(await dispatch('fs:readFile', {}, ctx)).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
    expect(await dispatch(42, {}, ctx)).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
  })

  it('validates the payload and reports paths without echoing the rejected values', async () => {
    const signIn = vi.fn()
    const { dispatch } = setup({ [Channel.StaffSignIn]: signIn } as Partial<Handlers>)
    const secret = 'x'.repeat(300) + 'TopSecret'
    const r = await dispatch(Channel.StaffSignIn, { login: '', password: secret, extra: 1 }, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(JSON.stringify(r)).not.toContain('TopSecret')
    expect(signIn).not.toHaveBeenCalled()
  })

  it('rejects unknown extra fields (strict schemas)', async () => {
    const { dispatch } = setup()
    const r = await dispatch(Channel.SystemStatus, { sneaky: true }, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
  })

  it('requires a staff session on guarded channels, per calling window', async () => {
    const { dispatch, sessions } = setup()
    expect(await dispatch(Channel.StaffTouch, {}, ctx)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    sessions.start('c1', teller, 'ws')
    expect(await dispatch(Channel.StaffTouch, {}, ctx)).toEqual({ ok: true, value: null })
    expect(await dispatch(Channel.StaffTouch, {}, { ...ctx, clientId: 'other-window' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.UNAUTHENTICATED },
    })
  })

  it('locks an idle session after the configured time, and activity keeps it alive', async () => {
    const { dispatch, sessions, clock } = setup()
    sessions.start('c1', teller, 'ws')
    clock.advance(299_000)
    expect((await dispatch(Channel.StaffTouch, {}, ctx)).ok).toBe(true)
    clock.advance(299_000)
    expect((await dispatch(Channel.StaffTouch, {}, ctx)).ok).toBe(true)
    clock.advance(300_000)
    expect(await dispatch(Channel.StaffTouch, {}, ctx)).toMatchObject({ ok: false, error: { code: ErrorCode.SESSION_LOCKED } })
    expect(await dispatch(Channel.StaffTouch, {}, ctx)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
  })

  it('turns an EngineError into its code and any other throw into INTERNAL without the raw message', async () => {
    const { dispatch, logged } = setup({
      [Channel.SystemStatus]: async () => {
        throw new Error('SQLITE_CORRUPT at /home/secret/path password=hunter2')
      },
      [Channel.StaffSignIn]: async () => {
        throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'Wrong login or password.')
      },
    } as Partial<Handlers>)
    const internal = await dispatch(Channel.SystemStatus, {}, ctx)
    expect(internal).toMatchObject({ ok: false, error: { code: ErrorCode.INTERNAL } })
    expect(JSON.stringify(internal)).not.toMatch(/SQLITE|hunter2|secret/)
    expect(JSON.stringify(logged)).not.toMatch(/hunter2/)
    const refused = await dispatch(Channel.StaffSignIn, { login: 'a', password: 'b' }, ctx)
    expect(refused).toEqual({ ok: false, error: { code: ErrorCode.INVALID_CREDENTIALS, message: 'Wrong login or password.' } })
  })
})
