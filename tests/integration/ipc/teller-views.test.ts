import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { registerCustomer } from '../../support/customers'
import { pairCustomerPage, signInThroughCustomerWindow } from '../../support/customer-page'

// Issue 16: tellers review lockouts and audit history too, read-only and limited by job need
// (PCI DSS 10.3.1): the lockout list without lift or block, their own actions today, and the
// history of the customer at their counter; nothing else of the trail. The gate enforces it.

const dana: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const erlan: CallContext = { clientId: 'wc:2', workstation: 'ws-2' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const PHONE = '+77012345678'
const OTHER = '+77019876543'
const PASSWORD = 'qwerty1!'

async function auditRows(t: TestEngine, action: string): Promise<{ actor_staff_id: string; customer_ref: string | null; details: string }[]> {
  return (await t.engine.ds.query(`SELECT actor_staff_id, customer_ref, details FROM audit_event WHERE action = ? ORDER BY seq`, [action])) as never
}

describe('tellers read lockouts and their own and their customer’s audit history, nothing more', () => {
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
    await registerCustomer(t, PHONE, PASSWORD, 'Aruzhan Zhaksylykova')
    await registerCustomer(t, OTHER, PASSWORD, 'Bolat Other')
  })
  afterEach(async () => t.close())

  it('a teller sees the lockout list, read-only and audited; blocking and lifting stay refused', async () => {
    expect(await call(Channel.CustomerBlock, { phone: OTHER, reason: 'Card reported stolen' }, chief)).toMatchObject({ ok: true })
    const list = await call(Channel.LockoutsList, {}, dana)
    // Who and until when, never why: a block's reason is the supervisors' note (the lookup never tells it either).
    expect(list).toMatchObject({ ok: true, value: [{ phone: OTHER, kind: 'block', reason: null }] })
    expect(JSON.stringify(list)).not.toContain('Card reported stolen')
    expect(await call(Channel.LockoutsList, {}, chief)).toMatchObject({ ok: true, value: [{ phone: OTHER, reason: 'Card reported stolen' }] })
    expect(await call(Channel.CustomerUnblock, { phone: OTHER, reason: 'Teller tries to lift it' }, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.CustomerBlock, { phone: PHONE, reason: 'Teller tries to block' }, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    const views = await auditRows(t, 'lockouts.view')
    // Each view recorded, the teller's and the supervisor's.
    expect(views).toHaveLength(2)
    expect(views.map((v) => JSON.parse(v.details))).toEqual([{ count: 1 }, { count: 1 }])
  })

  it("a teller's own day lists only their own actions, whatever another teller did; the view is audited", async () => {
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, dana)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerLookup, { phone: OTHER }, erlan)).toMatchObject({ ok: true })
    const own = await call(Channel.AuditOwnDay, {}, dana)
    if (!own.ok) throw new Error(own.error.code)
    const danaId = (await t.engine.ds.query(`SELECT id FROM staff WHERE login = 'dana'`)) as { id: string }[]
    expect(own.value.rows.length).toBeGreaterThanOrEqual(2)
    expect(own.value.rows.every((r) => r.actorStaffId === danaId[0]!.id)).toBe(true)
    expect(own.value.rows.some((r) => r.customerRef === OTHER)).toBe(false)
    // No filter can be passed to widen it (the request is empty and strict).
    expect(await call(Channel.AuditOwnDay, { filters: { staffId: 'x' } } as never, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(JSON.parse((await auditRows(t, 'audit.search')).at(-1)!.details)).toEqual({ scope: 'own-day' })
  })

  it("the customer history is that of the customer signed in at this window only, and needs one", async () => {
    expect(await call(Channel.AuditCustomerHere, {}, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.CUSTOMER_NOT_SIGNED_IN } })
    // A lockout a supervisor lifted with a reason is in the customer's history, without the reason.
    const page = await pairCustomerPage(t.engine, call, dana)
    for (const p of ['wrong-pass-1', 'wrong-pass-2', 'wrong-pass-3']) await signInThroughCustomerWindow(page, call, dana, PHONE, p)
    expect(await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'Identity checked by the chief in person' }, chief)).toMatchObject({ ok: true })
    expect(await signInThroughCustomerWindow(page, call, dana, PHONE, PASSWORD)).toMatchObject({ result: 'accepted' })
    const here = await call(Channel.AuditCustomerHere, {}, dana)
    if (!here.ok) throw new Error(here.error.code)
    expect(here.value.rows.length).toBeGreaterThan(0)
    expect(here.value.rows.every((r) => r.customerRef === PHONE)).toBe(true)
    const unlock = here.value.rows.find((r) => r.action === 'customer.unlock')
    expect(unlock).toMatchObject({ details: { lifted: 'lockout' } })
    expect(JSON.stringify(here.value)).not.toContain('Identity checked')
    // What is stored in clear stays: the lockout's end and count.
    expect(here.value.rows.find((r) => r.action === 'customer.lockout')).toMatchObject({ details: { lockedUntil: expect.any(String), attempts: 3 } })
    const searches = await auditRows(t, 'audit.search')
    // The customer is named by a keyed pseudonym (issue 15), the same one their other events carry.
    expect(searches.at(-1)!.customer_ref).toMatch(/^b1:[0-9a-f]{64}$/)
    const signIn = (await auditRows(t, 'customer.signIn')).at(-1)!
    expect(searches.at(-1)!.customer_ref).toBe(signIn.customer_ref)
    expect(JSON.parse(searches.at(-1)!.details)).toEqual({ scope: 'customer-at-counter' })
  })

  it('the rest of the trail stays with supervisors', async () => {
    for (const [channel, payload] of [
      [Channel.AuditSearch, { filters: {} }],
      [Channel.AuditVerify, {}],
      [Channel.AuditCheckpoint, {}],
      [Channel.AuditExport, { filters: {} }],
      [Channel.AuditPerDay, { filters: {} }],
    ] as const) {
      expect(await call(channel, payload as never, dana)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    }
  })
})
