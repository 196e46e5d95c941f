import { readFileSync, existsSync, copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, STAFF_PASSWORD, type TypedDispatch } from '../../support/dispatch'
import { lastCode, wrongCode } from '../../support/customers'
import { signInWithCode } from '../../support/staff-totp'
import { pairCustomerPage, registerThroughCustomerWindow, signInThroughCustomerWindow } from '../../support/customer-page'


const counter1: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const counter2: CallContext = { clientId: 'wc:2', workstation: 'ws-2' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const PHONE = '+77012345678'
const CUSTOMER_PW = 'Leak-Check-pw1'
const NEW_PW = 'Leak-Check-new2'

describe('customer channels through the real dispatcher (roles, counter sessions, no secret in replies, DB, WAL or logs)', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, replies)
    replies.length = 0
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'dana', role: 'teller', ctx: counter1 },
      { login: 'erlan', role: 'teller', ctx: counter2 },
    ])
  })
  afterEach(async () => t.close())

  async function register(ctx: CallContext): Promise<string[]> {
    // The keys and the password typed on the customer window (issue 12).
    const codes = await registerThroughCustomerWindow(t.engine, call, ctx, { phone: '8 701 234 56 78', name: 'Aruzhan', dateOfBirth: '1990-05-17', password: CUSTOMER_PW }, () => lastCode(t, PHONE))
    expect(await call(Channel.CustomerCurrent, {}, ctx)).toMatchObject({ ok: true, value: { phone: PHONE, name: 'Aruzhan' } })
    return codes
  }

  it('customer channels need a signed-in teller; supervisor channels refuse tellers', async () => {
    const nobody: CallContext = { clientId: 'wc:x', workstation: 'ws-x' }
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, nobody)).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHENTICATED } })
    // Tellers read the lockout list (issue 16) but cannot lift or impose a block.
    expect(await call(Channel.LockoutsList, {}, counter1)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'because' }, counter1)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.CustomerBlock, { phone: PHONE, reason: 'because' }, counter1)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.AuditSearch, { filters: {} }, counter1)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    // Refusals are audited (PCI DSS 10.2.1.4), and so is reading the trail (10.2.1.3).
    const page = await call(Channel.AuditSearch, { filters: { action: 'access.denied' } }, chief)
    expect(page).toMatchObject({ ok: true, value: { rows: [{ outcome: 'denied', details: { channel: 'audit:search' } }, { details: { channel: 'customer:block' } }, { details: { channel: 'customer:unblock' } }] } })
    const searches = await call(Channel.AuditSearch, { filters: { action: 'audit.search' } }, chief)
    // The search before this one is there (each search is recorded after it ran).
    expect(searches).toMatchObject({ ok: true, value: { rows: [{ actorStaffId: expect.any(String), details: { filters: '{"action":"access.denied"}' } }] } })
    expect(await call(Channel.CustomerLookup, { phone: PHONE }, chief)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerWindowAskVerify, { phone: '' }, counter1)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.VALIDATION_FAILED, issues: [{ path: 'phone' }] },
    })
    // The teller's old channels for the customer's key and password are gone (issue 12).
    for (const gone of ['verification:confirm', 'customer:register', 'customer:passwordChange', 'customer:signIn', 'payment:confirm']) {
      expect(await call(gone as never, { phone: PHONE, code: '123456' } as never, counter1)).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
    }
  })

  it('the counter session belongs to one window: password change needs the signed-in customer there, and staff sign-out ends it', async () => {
    await register(counter1)
    expect(await call(Channel.CustomerCurrent, {}, counter1)).toMatchObject({ ok: true, value: { phone: PHONE } })
    expect(await call(Channel.CustomerCurrent, {}, counter2)).toEqual({ ok: true, value: null })
    expect(await call(Channel.PasswordChangeRequest, {}, counter2)).toMatchObject({ ok: false, error: { code: ErrorCode.CUSTOMER_NOT_SIGNED_IN } })
    await call(Channel.StaffSignOut, {}, counter1)
    await signInWithCode(call, counter1, 'dana', STAFF_PASSWORD, t.clock.now().getTime())
    expect(await call(Channel.CustomerCurrent, {}, counter1)).toEqual({ ok: true, value: null })
  })

  it('a block by a supervisor ends the customer\'s open counter sessions at once', async () => {
    await register(counter1)
    expect(await call(Channel.CustomerBlock, { phone: PHONE, reason: 'Lost card reported' }, chief)).toEqual({ ok: true, value: null })
    expect(await call(Channel.CustomerCurrent, {}, counter1)).toEqual({ ok: true, value: null })
    expect(await call(Channel.LockoutsList, {}, chief)).toMatchObject({ ok: true, value: [{ phone: PHONE, kind: 'block' }] })
    expect(await call(Channel.CustomerUnblock, { phone: PHONE, reason: 'ok' }, chief)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.VALIDATION_FAILED, issues: [{ path: 'reason' }] },
    })
  })

  it('leaves no session key or password in IPC replies, the database file, its WAL, or the log', async () => {
    const codes = await register(counter1)
    const page2 = await pairCustomerPage(t.engine, call, counter2)
    expect(await signInThroughCustomerWindow(page2, call, counter2, PHONE, 'Wrong-guess-1')).toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    // S10 on the customer window (issue 12): the new password and its key never pass the teller's channels.
    const page = await pairCustomerPage(t.engine, call, counter1)
    expect(await call(Channel.CustomerWindowAskPasswordChange, {}, counter1)).toMatchObject({ ok: true })
    codes.push(lastCode(t, PHONE))
    expect(await page.answer({ code: wrongCode(codes[2]!), password: NEW_PW })).toMatchObject({ ok: true, value: { result: 'retry' } })
    expect(await page.answer({ code: codes[2]!, password: NEW_PW })).toMatchObject({ ok: true, value: { result: 'accepted' } })
    expect(await signInThroughCustomerWindow(page2, call, counter2, PHONE, NEW_PW)).toMatchObject({ result: 'accepted' })
    expect(await call(Channel.AuditExport, { filters: {} }, chief)).toMatchObject({ ok: true })

    const db = join(t.dataDir, STORE_FILE)
    const wal = `${db}-wal`
    expect(existsSync(wal)).toBe(true)
    copyFileSync(wal, `${wal}.copy`) // the WAL as it was while the app ran
    const files = [db, `${wal}.copy`].map((f) => readFileSync(f).toString('latin1'))
    const logs = t.logLines.join('\n')
    const texts = { replies: replies.join('\n'), logs, db: files[0]!, wal: files[1]! }
    expect(texts.wal.length).toBeGreaterThan(0)
    for (const [where, text] of Object.entries(texts)) {
      for (const secret of [CUSTOMER_PW, NEW_PW, 'Wrong-guess-1', STAFF_PASSWORD]) {
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false)
      }
      for (const code of codes) {
        // As a number of its own: not inside a hex hash or a longer number.
        expect(new RegExp(`(?<![0-9a-fA-F])${code}(?![0-9a-fA-F])`).test(text), `session key in ${where}`).toBe(false)
      }
    }
    // Personal data is sealed at rest (issue 4): the name and date of birth are not in the store in clear.
    for (const where of ['db', 'wal'] as const) {
      expect(texts[where].includes('Aruzhan'), `name in ${where}`).toBe(false)
      expect(texts[where].includes('1990-05-17'), `date of birth in ${where}`).toBe(false)
    }
    // Nor is the phone since issue 15 (the audit trail names the customer by a keyed pseudonym)...
    expect(texts.db.includes(PHONE) || texts.wal.includes(PHONE), 'phone in the store').toBe(false)
    // ...while the scan does find what is stored in clear: the workstation's name.
    expect(texts.db.includes(counter1.workstation) || texts.wal.includes(counter1.workstation)).toBe(true)
  })
})
