import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { Window } from '../../../src/main/engine/counter/counter-desk.service'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER, wrongCode } from '../../support/customers'

const PHONE = '+77012345678'
const WS = 'ws-test-1'
const TELLER_WINDOW: Window = { clientId: 'shell:teller-a', actor: TELLER }
const OTHER_TELLER: Window = { clientId: 'shell:teller-b', actor: TELLER }
const PAGE = 'customer:page-1'
const SECOND_PAGE = 'customer:page-2'
const MIN = 60_000

describe('customer window: pairing, prompts, answers (issue 12)', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())
  const cw = () => t.engine.customerWindows
  const refusals = async () =>
    (await t.engine.auditReview.search({ action: 'customerWindow.refused' }, null)).rows.map((r) => r.details.reason)

  async function paired(window = TELLER_WINDOW, page = PAGE): Promise<void> {
    const { code } = await cw().startPairing(window)
    await cw().pair(page, code, WS)
  }

  it('pairs exactly one customer page by the code shown on the teller window', async () => {
    const { code } = await cw().startPairing(TELLER_WINDOW)
    expect(code).toMatch(/^\d{6}$/)
    expect(cw().status(TELLER_WINDOW)).toMatchObject({ paired: false, pairingCode: code })
    await expect(cw().pair(PAGE, code, WS)).resolves.toEqual({ paired: true })
    expect(cw().status(TELLER_WINDOW)).toMatchObject({ paired: true, pairingCode: null })
    await expect(cw().pair(SECOND_PAGE, code, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_ALREADY_PAIRED })
    expect(await refusals()).toEqual([ErrorCode.CUSTOMER_WINDOW_ALREADY_PAIRED])
    // A new code on the teller window lets the old page go, so a replacement can pair.
    const next = await cw().startPairing(TELLER_WINDOW)
    await expect(cw().prompt(PAGE, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED })
    await expect(cw().pair(SECOND_PAGE, next.code, WS)).resolves.toEqual({ paired: true })
  })

  it('a second page presenting a live code of a teller window that has its customer page is refused and audited', async () => {
    const { code } = await cw().startPairing(TELLER_WINDOW)
    // The code stays readable on the teller window until the first page pairs; the race loser is refused.
    const first = cw().pair(PAGE, code, WS)
    const second = cw().pair(SECOND_PAGE, code, WS)
    const results = await Promise.allSettled([first, second])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await refusals()).toEqual([ErrorCode.CUSTOMER_WINDOW_ALREADY_PAIRED])
  })

  it('refuses a wrong or expired code, and an unpaired page, each audited', async () => {
    const { code } = await cw().startPairing(TELLER_WINDOW)
    await expect(cw().pair(PAGE, code === '000000' ? '000001' : '000000', WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED })
    t.clock.advance(2 * MIN)
    await expect(cw().pair(PAGE, code, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED })
    await expect(cw().prompt(PAGE, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED })
    await expect(cw().answer(PAGE, { promptId: 'x', nonce: 'y', code: '123456' }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED })
    await expect(cw().askVerifyKey(OTHER_TELLER, PHONE)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED })
    expect(t.engine.outbox!.list()).toHaveLength(0)
    expect(await refusals()).toHaveLength(5)
  })

  it('phone verification: the key typed on the customer page is checked by the engine; the teller sees only the outcome', async () => {
    await paired()
    const sent = await cw().askVerifyKey(TELLER_WINDOW, PHONE)
    const p = (await cw().prompt(PAGE, WS))!
    expect(p).toMatchObject({ kind: 'verifyKey', asks: { key: true, password: false }, phoneLast4: '5678', keyExpiresAt: sent.expiresAt })
    const code = lastCode(t, PHONE)
    const wrong = await cw().answer(PAGE, { promptId: p.id, nonce: p.nonce, code: wrongCode(code) }, WS)
    expect(wrong).toMatchObject({ result: 'retry', code: ErrorCode.SESSION_KEY_INVALID, attemptsLeft: 2 })
    expect(cw().status(TELLER_WINDOW).outcome).toMatchObject({ result: 'retry', attemptsLeft: 2 })
    // The same nonce again is a replay, whatever it carries.
    await expect(cw().answer(PAGE, { promptId: p.id, nonce: p.nonce, code }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_PROMPT_REPLAYED })
    const again = (await cw().prompt(PAGE, WS))!
    expect(again.id).toBe(p.id)
    expect(again.nonce).not.toBe(p.nonce)
    const ok = await cw().answer(PAGE, { promptId: again.id, nonce: again.nonce, code }, WS)
    expect(ok).toMatchObject({ result: 'accepted', verifiedUntil: expect.any(String) })
    const status = cw().status(TELLER_WINDOW)
    expect(status).toMatchObject({ prompt: null, outcome: { result: 'accepted', kind: 'verifyKey' } })
    expect(JSON.stringify(status)).not.toContain(code)
    expect((await t.engine.customers.lookup(PHONE, TELLER)).verifiedUntil).not.toBeNull()
    await expect(cw().answer(PAGE, { promptId: again.id, nonce: again.nonce, code }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_PROMPT_REPLAYED })
    expect(await refusals()).toEqual([ErrorCode.CUSTOMER_PROMPT_REPLAYED, ErrorCode.CUSTOMER_PROMPT_REPLAYED])
  })

  it('a stale prompt (replaced by a newer step) and a lapsed prompt are refused', async () => {
    await paired()
    await cw().askVerifyKey(TELLER_WINDOW, PHONE)
    const old = (await cw().prompt(PAGE, WS))!
    t.clock.advance(61_000)
    await cw().askVerifyKey(TELLER_WINDOW, PHONE)
    await expect(cw().answer(PAGE, { promptId: old.id, nonce: old.nonce, code: lastCode(t, PHONE) }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_PROMPT_STALE })
    const current = (await cw().prompt(PAGE, WS))!
    t.clock.advance(3 * MIN)
    expect(await cw().prompt(PAGE, WS)).toBeNull()
    expect(cw().status(TELLER_WINDOW)).toMatchObject({ prompt: null, outcome: { result: 'refused', code: ErrorCode.CUSTOMER_PROMPT_LAPSED } })
    await expect(cw().answer(PAGE, { promptId: current.id, nonce: current.nonce, code: lastCode(t, PHONE) }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_PROMPT_LAPSED })
    expect(await refusals()).toEqual([ErrorCode.CUSTOMER_PROMPT_LAPSED, ErrorCode.CUSTOMER_PROMPT_STALE])
  })

  it('registration: the customer sets the password and types the key; the counter session opens on the teller window', async () => {
    await paired()
    const c = t.engine.customers
    await c.sendKey(PHONE, 'verify', TELLER)
    await c.confirmVerification(PHONE, lastCode(t, PHONE), TELLER)
    await cw().askRegistration(TELLER_WINDOW, { phone: PHONE, name: 'Aruzhan Test', dateOfBirth: '1990-05-17' })
    const p = (await cw().prompt(PAGE, WS))!
    expect(p.asks).toEqual({ key: true, password: true, card: false })
    const weak = await cw().answer(PAGE, { promptId: p.id, nonce: p.nonce, code: lastCode(t, PHONE), password: '1234567' }, WS)
    expect(weak).toMatchObject({ result: 'retry', code: ErrorCode.WEAK_PASSWORD })
    const p2 = (await cw().prompt(PAGE, WS))!
    await expect(cw().answer(PAGE, { promptId: p2.id, nonce: p2.nonce, code: lastCode(t, PHONE), password: 'qwerty1!' }, WS)).resolves.toMatchObject({ result: 'accepted' })
    expect(await t.engine.gate.desk.current(TELLER_WINDOW)).toMatchObject({ phone: PHONE, name: 'Aruzhan Test' })
  })

  it('password change for the signed-in customer, and cancel by the customer', async () => {
    await registerCustomer(t, PHONE, 'qwerty1!')
    await t.engine.gate.desk.signIn(TELLER_WINDOW, PHONE, 'qwerty1!')
    await paired()
    t.clock.advance(61_000)
    await cw().askPasswordChange(TELLER_WINDOW)
    const p = (await cw().prompt(PAGE, WS))!
    await expect(cw().cancel(PAGE, { promptId: p.id, nonce: p.nonce }, WS)).resolves.toMatchObject({ result: 'cancelled' })
    expect(cw().status(TELLER_WINDOW)).toMatchObject({ prompt: null, outcome: { result: 'cancelled', kind: 'passwordChange' } })
    await expect(cw().answer(PAGE, { promptId: p.id, nonce: p.nonce, code: lastCode(t, PHONE), password: 'N3w-password' }, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_PROMPT_REPLAYED })
    t.clock.advance(61_000)
    await cw().askPasswordChange(TELLER_WINDOW)
    const q = (await cw().prompt(PAGE, WS))!
    await expect(cw().answer(PAGE, { promptId: q.id, nonce: q.nonce, code: lastCode(t, PHONE), password: 'N3w-password' }, WS)).resolves.toMatchObject({ result: 'accepted' })
    await expect(t.engine.gate.desk.signIn(OTHER_TELLER, PHONE, 'N3w-password')).resolves.toMatchObject({ phone: PHONE })
  })

  it('the teller window closing (sign-out, idle lock) lets its customer page go', async () => {
    await paired()
    cw().tellerClosed(TELLER_WINDOW.clientId)
    await expect(cw().prompt(PAGE, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED })
  })
})
