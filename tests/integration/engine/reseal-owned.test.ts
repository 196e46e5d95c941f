import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/main/app/composition-root'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { FakeClock } from '../../support/fake-clock'
import { recordingDispatch, signInStaffAt, STAFF_PASSWORD } from '../../support/dispatch'
import { signInWithCode } from '../../support/staff-totp'
import { reopenEngine, tempDir } from '../../support/temp-engine'

const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const chief2: CallContext = { clientId: 'wc:8', workstation: 'ws-8' }
const NEW = 'Another-Password-2026'

/** Every value sealed under the data key of `version` in the approvals and the staff TOTP secrets. */
async function sealedUnder(engine: Engine, version: number): Promise<{ left: string[]; count: number }> {
  const approvals = (await engine.ds.query(`SELECT params_sealed AS a, maker_reason_sealed AS b, checker_reason_sealed AS c FROM approval_request`)) as Record<string, string | null>[]
  const totp = (await engine.ds.query(`SELECT secret_sealed AS a FROM staff_totp`)) as Record<string, string | null>[]
  const all = [...approvals, ...totp].flatMap((r) => Object.values(r)).filter((v): v is string => v !== null)
  return { left: all.filter((v) => !v.startsWith(`k${version}:`)), count: all.length }
}

/**
 * Issue 15: `keys rotate`/`keys reencrypt` re-seal the four-eyes approvals (parameters, maker's and
 * checker's reasons) and the staff TOTP secrets under the new data key, so that once the old data
 * key is gone from the ring, supervisors still sign in with their authenticator and pending
 * requests still open and run.
 */
describe('approvals and staff TOTP secrets re-sealed after a data-key rotation', () => {
  const dirs: { cleanup(): void }[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close().catch(() => undefined)
    for (const d of dirs.splice(0)) d.cleanup()
  })

  it('after rotation and re-encryption, with data key 1 removed from the ring, TOTP sign-in and a pending approval still work', async () => {
    const d = tempDir()
    dirs.push(d)
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const engine = await reopenEngine(d.path, clock)
    engines.push(engine)
    const call = recordingDispatch(engine, [])
    await signInStaffAt(engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'chief2', role: 'supervisor', ctx: chief2 },
    ])
    // One request approved (a checker's reason sealed), one still pending.
    const first = await call(Channel.StaffCreate, { login: 'aliya', displayName: 'Aliya', role: 'supervisor', password: NEW }, chief)
    if (first.ok || first.error.code !== ErrorCode.APPROVAL_PENDING) throw new Error(`expected APPROVAL_PENDING, got ${JSON.stringify(first)}`)
    expect(await call(Channel.ApprovalsApprove, { requestId: String(first.error.details?.requestId), reason: 'Checked her papers' }, chief2)).toMatchObject({ ok: true, value: { status: 'executed' } })
    const second = await call(Channel.StaffCreate, { login: 'berik', displayName: 'Berik', role: 'supervisor', password: NEW }, chief)
    if (second.ok || second.error.code !== ErrorCode.APPROVAL_PENDING) throw new Error(`expected APPROVAL_PENDING, got ${JSON.stringify(second)}`)
    const before = await sealedUnder(engine, 1)
    expect(before.left).toEqual([])

    expect(await engine.keys.rotateDataKey()).toBe(2)
    for (let n = await engine.atRest.reencryptBatch(1); n > 0; n = await engine.atRest.reencryptBatch(1));
    expect(await sealedUnder(engine, 2)).toEqual({ left: [], count: before.count })

    // The old data key is gone from the ring; a restart reads the ring afresh.
    await engine.ds.query(`DELETE FROM key_ring WHERE purpose = 'data' AND version = 1`)
    await engine.close()
    engines.length = 0
    const again = await reopenEngine(d.path, clock)
    engines.push(again)
    const call2 = recordingDispatch(again, [])
    clock.advance(60_000)
    for (const [login, ctx] of [['chief', chief], ['chief2', chief2]] as const) {
      expect(await signInWithCode(call2, ctx, login, STAFF_PASSWORD, clock.now().getTime())).toMatchObject({ ok: true })
    }
    expect(await call2(Channel.ApprovalsList, {}, chief2)).toMatchObject({ ok: true, value: [{ id: String(second.error.details?.requestId), summary: { login: 'berik' } }] })
    expect(await call2(Channel.ApprovalsApprove, { requestId: String(second.error.details?.requestId), reason: 'Seen in person' }, chief2)).toMatchObject({ ok: true, value: { status: 'executed' } })
  })
})
