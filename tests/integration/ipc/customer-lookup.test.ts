import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { registerCustomer } from '../../support/customers'

const dana: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const erlan: CallContext = { clientId: 'wc:2', workstation: 'ws-2' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const PHONE = '+77012345678'
const OTHER = '+77019876543'
const NAME = 'Aruzhan Zhaksylykova'
const REASON = 'Phone reported stolen at branch 12'
const MINUTE = 60_000

async function lookups(t: TestEngine): Promise<{ outcome: string; actor_staff_id: string; customer_ref: string | null; details: string }[]> {
  return (await t.engine.ds.query(`SELECT outcome, actor_staff_id, customer_ref, details FROM audit_event WHERE action = 'customer.lookup' ORDER BY seq`)) as never
}

describe('customer lookup before sign-in: minimal, audited, rate-limited per staff member', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    t = await startTestEngine({ idleTimeoutSeconds: 900 })
    call = recordingDispatch(t.engine, replies)
    replies.length = 0
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'dana', role: 'teller', ctx: dana },
      { login: 'erlan', role: 'teller', ctx: erlan },
    ])
    await registerCustomer(t, PHONE, 'qwerty1!', NAME)
  })
  afterEach(async () => t.close())

  it('says only registered / not registered / blocked: no name, no block reason, no lockout detail', async () => {
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toEqual({ ok: true, value: { phone: PHONE, registered: true, blocked: false, verifiedUntil: null } })
    expect(await call(Channel.CustomerLookup, { phone: OTHER }, dana)).toEqual({ ok: true, value: { phone: OTHER, registered: false, blocked: false, verifiedUntil: null } })
    expect(await call(Channel.CustomerBlock, { phone: PHONE, reason: REASON }, chief)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toEqual({ ok: true, value: { phone: PHONE, registered: true, blocked: true, verifiedUntil: null } })
    const lookupReplies = replies.filter((r) => r.includes('"registered"')).join('\n')
    expect(lookupReplies).not.toContain('Aruzhan')
    expect(lookupReplies).not.toContain('stolen')
  })

  it('every lookup is audited with the staff member and the phone looked up; 300 lookups are refused after 30 in 10 minutes, each refusal audited', async () => {
    const results: string[] = []
    for (let i = 0; i < 300; i++) {
      const r = await call(Channel.CustomerLookup, { phone: i % 2 ? PHONE : OTHER }, dana)
      results.push(r.ok ? 'ok' : r.error.code)
    }
    expect(results.slice(0, 30).every((r) => r === 'ok')).toBe(true)
    expect(results.slice(30).every((r) => r === ErrorCode.LOOKUP_LIMIT_REACHED)).toBe(true)
    const rows = await lookups(t)
    expect(rows).toHaveLength(300)
    expect(rows.filter((r) => r.outcome === 'success')).toHaveLength(30)
    expect(rows.filter((r) => r.outcome === 'denied' && r.details.includes(ErrorCode.LOOKUP_LIMIT_REACHED))).toHaveLength(270)
    expect(new Set(rows.map((r) => r.actor_staff_id)).size).toBe(1)
    // The phone looked up, by its keyed pseudonym (issue 15).
    expect(rows[0]).toMatchObject({ customer_ref: (await t.engine.audit.sealer.refsOf(OTHER))[0] })
    // Another staff member has their own allowance; dana's returns as her oldest lookups leave the window.
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, erlan)).toMatchObject({ ok: true })
    t.clock.advance(10 * MINUTE)
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toMatchObject({ ok: true })
  })

  it('a malformed phone is audited too and counts toward the allowance', async () => {
    expect(await call(Channel.CustomerLookup, { phone: '+7 916 123 45 67' }, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_PHONE } })
    expect(await lookups(t)).toMatchObject([{ outcome: 'failure', details: expect.stringContaining(ErrorCode.INVALID_PHONE) }])
  })

  it('the allowance comes from the configuration', async () => {
    await t.close()
    t = await startTestEngine({ idleTimeoutSeconds: 900, lookupLimit: 3, lookupWindowMinutes: 1 })
    call = recordingDispatch(t.engine, replies)
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: dana }])
    for (let i = 0; i < 3; i++) expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.LOOKUP_LIMIT_REACHED, details: { retryAt: expect.any(String) } } })
    t.clock.advance(MINUTE)
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toMatchObject({ ok: true })
  })
})
