import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { Window } from '../../../src/main/engine/counter/counter-desk.service'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'

const WS = 'ws-test-1'
const TELLER_WINDOW: Window = { clientId: 'shell:teller-a', actor: TELLER }
const OTHER_TELLER: Window = { clientId: 'shell:teller-b', actor: TELLER }
const PAGE = 'customer:page-1'
const MIN = 60_000
const LOCKED = 'CUSTOMER_WINDOW_PAIRING_LOCKED'

/** Six-digit codes other than the ones given, in order. */
function wrongCodes(n: number, except: string[]): string[] {
  const out: string[] = []
  for (let i = 0; out.length < n; i++) {
    const c = String(i).padStart(6, '0')
    if (!except.includes(c)) out.push(c)
  }
  return out
}

describe('customer window: the pairing code cannot be guessed (issue 12)', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())
  const cw = () => t.engine.customerWindows
  const reasons = async () => (await t.engine.auditReview.search({ action: 'customerWindow.refused' }, null)).rows.map((r) => r.details.reason)
  const outcome = (p: Promise<unknown>) => p.then(() => 'paired', (e: { code?: string }) => e.code)

  it('5 wrong codes from a page void the outstanding code and refuse the page for a cooling period, each refusal audited', async () => {
    const { code } = await cw().startPairing(TELLER_WINDOW)
    for (const wrong of wrongCodes(5, [code])) expect(await outcome(cw().pair(PAGE, wrong, WS))).toBe(ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED)
    // The teller window no longer shows the code: the teller must issue a new one.
    expect(cw().status(TELLER_WINDOW)).toMatchObject({ paired: false, pairingCode: null })
    await expect(cw().pair(PAGE, code, WS)).rejects.toMatchObject({ code: LOCKED, details: { retryAfterSeconds: expect.any(Number) } })
    const fresh = await cw().startPairing(TELLER_WINDOW)
    await expect(cw().pair(PAGE, fresh.code, WS)).rejects.toMatchObject({ code: LOCKED })
    expect((await reasons()).filter((r) => r === LOCKED)).toHaveLength(2)
    // After the cooling period the page may pair with a code the teller issued, never with the voided one.
    t.clock.advance(5 * MIN + 1000)
    await expect(cw().pair(PAGE, code, WS)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED })
    const next = await cw().startPairing(TELLER_WINDOW)
    await expect(cw().pair(PAGE, next.code, WS)).resolves.toEqual({ paired: true })
  })

  it('a page cannot cycle through codes across teller windows or new page ids: a global cap voids every outstanding code', async () => {
    const a = await cw().startPairing(TELLER_WINDOW)
    const b = await cw().startPairing(OTHER_TELLER)
    const wrong = wrongCodes(20, [a.code, b.code])
    // Four guesses per page id, never five: only the global cap can stop this.
    for (let i = 0; i < wrong.length; i++) expect(await outcome(cw().pair(`customer:fresh-${Math.floor(i / 4)}`, wrong[i]!, WS))).toBe(ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED)
    expect(cw().status(TELLER_WINDOW).pairingCode).toBeNull()
    expect(cw().status(OTHER_TELLER).pairingCode).toBeNull()
    await expect(cw().pair('customer:another', a.code, WS)).rejects.toMatchObject({ code: LOCKED })
    await expect(cw().pair('customer:another', b.code, WS)).rejects.toMatchObject({ code: LOCKED })
  })

  it('brute force: 2,000 guesses with the right code among them, from ever-new page ids, never pair', async () => {
    const { code } = await cw().startPairing(TELLER_WINDOW)
    const guesses = wrongCodes(2000, [code])
    guesses.splice(100, 0, code)
    const results = new Set<string>()
    for (let i = 0; i < guesses.length; i++) results.add(String(await outcome(cw().pair(`customer:bot-${Math.floor(i / 3)}`, guesses[i]!, WS))))
    expect(results.has('paired')).toBe(false)
    expect(cw().status(TELLER_WINDOW).paired).toBe(false)
  }, 60_000)
})
