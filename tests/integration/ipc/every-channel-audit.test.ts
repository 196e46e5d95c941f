import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { askPayment, pairCustomerPage, registerThroughCustomerWindow } from '../../support/customer-page'
import { createCustomerGate } from '../../../src/main/ipc/customer-gate'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { createGate } from '../../../src/main/ipc/gate'
import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { ErrorCode } from '../../../src/shared/errors'
import { allChannels, Channel } from '../../../src/shared/ipc/channels'
import { contract } from '../../../src/shared/ipc/contract'
import type { Result } from '../../../src/shared/result'
import { CARDS, CVV, EXPIRY } from '../../support/cards'
import { lastCode } from '../../support/customers'
import type { TypedDispatch } from '../../support/dispatch'
import { enrolAt } from '../../support/staff-totp'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { CUSTOMER, CUSTOMER_PASSWORD, EVERY_CHANNEL, STAFF_PASSWORD, type Scenario, type Who } from './every-channel-audit.table'

// Issue 14 (S21, PCI DSS 10.2.1, 10.2.1.4): every channel of the contract is called through the real
// gate, served and refused, and the audit rows each call leaves are compared with the table.

const ctxOf: Record<Who, CallContext> = {
  chief: { clientId: 'wc:chief', workstation: 'ws-1' },
  boss2: { clientId: 'wc:boss2', workstation: 'ws-2' },
  dana: { clientId: 'wc:dana', workstation: 'ws-3' },
  fresh: { clientId: 'wc:fresh', workstation: 'ws-4' },
}
const page: CallContext = { clientId: 'customer:page-3', workstation: 'ws-3' }

interface AuditRow {
  seq: number
  action: string
  outcome: string
  customer_ref: string | null
  details: string
}

async function rowsAfter(t: TestEngine, seq: number): Promise<AuditRow[]> {
  return (await t.engine.ds.query('SELECT seq, action, outcome, customer_ref, details FROM audit_event WHERE seq > ? ORDER BY seq', [seq])) as AuditRow[]
}

async function lastSeq(t: TestEngine): Promise<number> {
  const r = (await t.engine.ds.query('SELECT MAX(seq) AS m FROM audit_event')) as { m: number | null }[]
  return Number(r[0]?.m ?? 0)
}

const asText = (rows: AuditRow[]): string[] => rows.map((r) => `${r.action}:${r.outcome}${r.customer_ref ? '+c' : ''}`).sort()
/** The table's `+c` asks for a customer reference; a row without `+c` may still carry one. */
const matches = (expected: string[], got: AuditRow[]): boolean => {
  const left = [...got]
  for (const e of expected) {
    const [action, rest] = e.split(':') as [string, string]
    const needsCustomer = rest.endsWith('+c')
    const outcome = rest.replace('+c', '')
    const i = left.findIndex((r) => r.action === action && r.outcome === outcome && (!needsCustomer || r.customer_ref !== null))
    if (i < 0) return false
    left.splice(i, 1)
  }
  return left.length === 0
}

describe('every channel leaves its audit rows, served and refused (issue 14)', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine({ idleTimeoutSeconds: 900 })
    call = createGate(t.engine) as TypedDispatch
  })
  afterEach(async () => t.close())

  it('the table names every channel of the contract, and no other', () => {
    const named = EVERY_CHANNEL.map(([c]) => c)
    expect(allChannels.filter((c) => !named.includes(c)), 'channels with no audit entry in every-channel-audit.table.ts').toEqual([])
    expect(named.filter((c) => !(allChannels as readonly string[]).includes(c))).toEqual([])
    expect(new Set(named).size).toBe(named.length)
    for (const [c, k] of EVERY_CHANNEL) if (k.rows.length === 0) expect(k.why, `${c} records nothing: say why`).toBeTruthy()
  })

  it('served: each call leaves the rows of the table', async () => {
    const ids = async (login: string) => ((await t.engine.ds.query('SELECT id FROM staff WHERE login = ?', [login])) as { id: string }[])[0]!.id
    const staffIds = new Map<string, string>()
    const s: Scenario = {
      chiefSecret: '',
      code: (phone) => lastCode(t, phone),
      totp: (secret) => totpCode(secret, stepAt(t.clock.now().getTime())),
      staffId: (login) => staffIds.get(login)!,
      intentId: '',
      paymentId: '',
      flaggedPaymentId: '',
      refundRequestId: '',
      unblockRequestId: '',
      resetRequestId: '',
      caseId: '',
    }
    const customerGate = createCustomerGate(t.engine.customerWindows, t.engine.logger)
    /** The customer answers the open step on the customer window. */
    const answer = async (typed: Record<string, unknown>) => {
      const prompt = await customerGate('customerPage:prompt', {}, page)
      if (!prompt.ok || !prompt.value) throw new Error(`prompt: ${prompt.ok ? 'none open' : prompt.error.code}`)
      const p = prompt.value as { id: string; nonce: string }
      const answered = await customerGate('customerPage:answer', { promptId: p.id, nonce: p.nonce, ...typed }, page)
      if (!answered.ok) throw new Error(`answer: ${answered.error.code}`)
      t.clock.advance(61_000)
      return answered.value as { result: string; payment?: { id: string } }
    }
    /** The customer signs in, then pays with a new card, all typed on the customer window (issue 12). */
    const signInAndPay = async (pan: string, amountTiyn: number) => {
      const asked = await call(Channel.CustomerWindowAskSignIn, { phone: CUSTOMER }, ctxOf.dana)
      if (!asked.ok) throw new Error(`sign-in: ${asked.error.code}`)
      await answer({ password: CUSTOMER_PASSWORD })
      const started = await call(Channel.CustomerWindowAskPayment, { providerId: 'kcell', params: { phone: CUSTOMER }, amountTiyn, card: { kind: 'new' } }, ctxOf.dana)
      if (!started.ok) throw new Error(`payment: ${started.error.code}`)
      await answer({ card: { pan, expiry: EXPIRY, cvv: CVV } })
      const done = await answer({ code: lastCode(t, CUSTOMER) })
      if (!done.payment) throw new Error(`payment key: ${JSON.stringify(done)}`)
      return done.payment.id
    }
    const before: Record<string, () => Promise<void>> = {
      'staff:enrolConfirm': async () => undefined,
      'staff:session': async () => {
        for (const [login, role, who] of [['boss2', 'supervisor', 'boss2'], ['dana', 'teller', 'dana']] as const) {
          await t.engine.staff.create({ login, displayName: login, role, password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
          await enrolAt(call, ctxOf[who], login, STAFF_PASSWORD, t.clock.now().getTime())
        }
      },
      'staff:setDisabled': async () => void staffIds.set('erlan', await ids('erlan')),
      'staff:resetSecondFactor': async () => void staffIds.set('dana', await ids('dana')),
      'customerwin:status': async () => {
        const r = await customerGate('customerPage:pair', { code: s.pairingCode }, page)
        if (!r.ok) throw new Error(`pairing: ${r.error.code}`)
      },
      'customerwin:askRegister': async () => void (await answer({ code: lastCode(t, CUSTOMER) })),
      'customer:current': async () => void (await answer({ code: lastCode(t, CUSTOMER), password: CUSTOMER_PASSWORD })),
      'verification:send': async () => {
        await answer({ password: CUSTOMER_PASSWORD })
        await call(Channel.CustomerSignOut, {}, ctxOf.dana)
      },
      'cards:list': async () => void (s.paymentId = await signInAndPay(CARDS.approve, 100_000)),
      'customerwin:askPayment': async () => t.clock.advance(61_000),
      'customerwin:askCardRemoval': async () => t.clock.advance(61_000),
      'customer:passwordChangeRequest': async () => t.clock.advance(61_000),
      'customerwin:askPasswordChange': async () => t.clock.advance(61_000),
      'customer:block': async () => void (await call(Channel.CustomerSignOut, {}, ctxOf.dana)),
      'refund:flagged': async () => void (await signInAndPay(CARDS.bypass, 150_000)),
      'receipt:refund': async () => {
        const r = await call(Channel.ApprovalsApprove, { requestId: s.refundRequestId, reason: 'Refund checked' }, ctxOf.boss2)
        if (!r.ok) throw new Error(`refund approval: ${r.error.code}`)
      },
    }
    const wrong: string[] = []
    for (const [channel, k] of EVERY_CHANNEL) {
      await before[channel]?.()
      const from = await lastSeq(t)
      const r = (await call(channel as never, k.payload(s) as never, ctxOf[k.as])) as Result<unknown>
      const got = await rowsAfter(t, from)
      const replied = r.ok ? 'ok' : r.error.code
      if (replied !== k.reply || !matches(k.rows, got)) {
        wrong.push(`${channel}: replied ${replied} (want ${k.reply}); rows ${JSON.stringify(asText(got))} (want ${JSON.stringify([...k.rows].sort())})`)
      }
      k.keep?.(s, r.ok ? r.value : null, r.ok ? null : (r.error as { details?: Record<string, unknown> }))
    }
    expect(wrong).toEqual([])
  })

  describe('refused: recorded once, in the gate, without the refused input', () => {
    const nobody: CallContext = { clientId: 'wc:nobody', workstation: 'ws-5' }
    const PAN = CARDS.approve
    let gate: ReturnType<typeof createGate>
    /** One call, and the rows it left. */
    const leaves = async (channel: string, payload: unknown, ctx: CallContext) => {
      const from = await lastSeq(t)
      const r = (await gate(channel, payload, ctx)) as Result<unknown>
      return { code: r.ok ? 'ok' : r.error.code, rows: await rowsAfter(t, from) }
    }
    beforeEach(async () => {
      gate = createGate(t.engine)
      await t.engine.staff.create({ login: 'chief', displayName: 'chief', role: 'supervisor', password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
      await t.engine.staff.create({ login: 'dana', displayName: 'dana', role: 'teller', password: STAFF_PASSWORD }, { staffId: null, workstation: 'cli' })
      await enrolAt(call, ctxOf.chief, 'chief', STAFF_PASSWORD, t.clock.now().getTime())
      await enrolAt(call, ctxOf.dana, 'dana', STAFF_PASSWORD, t.clock.now().getTime())
    })

    it('every channel: unauthenticated, wrong role and invalid input each leave their row', async () => {
      const wrong: string[] = []
      const expectOne = (what: string, got: { code: string; rows: AuditRow[] }, code: string, row: string, details: Record<string, unknown>) => {
        const text = got.rows.map((r) => `${r.action}:${r.outcome}`)
        const d = got.rows[0] ? (JSON.parse(got.rows[0].details) as Record<string, unknown>) : {}
        if (got.code !== code || text.length !== 1 || text[0] !== row || Object.entries(details).some(([k, v]) => (typeof v === 'function' ? !(v as (x: unknown) => boolean)(d[k]) : d[k] !== v))) {
          wrong.push(`${what}: ${got.code} ${JSON.stringify(text)} ${JSON.stringify(d)} (want ${code} ${row} ${JSON.stringify(details)})`)
        }
        if (JSON.stringify(got.rows).includes(PAN)) wrong.push(`${what}: the refused input reached the trail`)
      }
      for (const channel of allChannels) {
        const access = contract[channel].access
        if (access !== 'none') {
          expectOne(`${channel} unauthenticated`, await leaves(channel, {}, nobody), ErrorCode.UNAUTHENTICATED, 'access.refused:denied', { channel, cause: ErrorCode.UNAUTHENTICATED })
        }
        if (access === 'supervisor') {
          expectOne(`${channel} as a teller`, await leaves(channel, {}, ctxOf.dana), ErrorCode.FORBIDDEN, 'access.denied:denied', { channel })
        }
        const who = access === 'none' ? { clientId: `wc:fresh-${channel}`, workstation: 'ws-4' } : ctxOf.chief
        expectOne(`${channel} invalid input`, await leaves(channel, { unexpected: PAN }, who), ErrorCode.VALIDATION_FAILED, 'access.refused:failure', { channel, cause: ErrorCode.VALIDATION_FAILED, fields: (f: unknown) => String(f).split(',').includes('(request)') })
      }
      expectOne('an unknown channel', await leaves(`evil:${PAN}`, {}, nobody), ErrorCode.UNKNOWN_CHANNEL, 'access.refused:denied', { channel: '(unknown)', cause: ErrorCode.UNKNOWN_CHANNEL })
      // A payment parameter's name is the caller's to choose: a card number there never reaches the trail.
      expectOne('a card number as a field name', await leaves(Channel.CustomerWindowAskPayment, { providerId: 'kcell', params: { [PAN]: '1' }, amountTiyn: 1, card: { kind: 'saved', cardId: 'x' } }, ctxOf.dana), ErrorCode.VALIDATION_FAILED, 'access.refused:failure', { fields: (f: unknown) => String(f).split(',').includes('params.*') })
      expect(wrong).toEqual([])
    })

    it('a call from a foreign frame, refused by the shell before the gate, is recorded the same way', async () => {
      const from = await lastSeq(t)
      await gate.refuseSender('customer:lookup', { clientId: 'wc:77', workstation: 'ws-1' })
      expect(asText(await rowsAfter(t, from))).toEqual(['access.refused:denied'])
      expect(JSON.parse((await rowsAfter(t, from))[0]!.details)).toEqual({ channel: 'customer:lookup', cause: ErrorCode.FORBIDDEN_SENDER })
    })

    it('a flood of refused calls is coalesced: one row per kind and caller a minute, the next carries the count; callers beyond the bound share one', async () => {
      const from = await lastSeq(t)
      for (let i = 0; i < 500; i++) await gate(Channel.CustomerLookup, { phone: CUSTOMER }, nobody)
      expect(await rowsAfter(t, from)).toHaveLength(1)
      t.clock.advance(61_000)
      await gate(Channel.CustomerLookup, { phone: CUSTOMER }, nobody)
      const rows = await rowsAfter(t, from)
      expect(rows).toHaveLength(2)
      expect(JSON.parse(rows[1]!.details)).toMatchObject({ coalesced: 499 })
      // The browser shell's client id is the caller's: 3000 made-up ones cost at most the bound (1024) and one shared bucket.
      const before = await lastSeq(t)
      for (let i = 0; i < 3000; i++) await gate(Channel.CustomerLookup, {}, { clientId: `shell:made-up-${i}`, workstation: 'ws-6' })
      expect((await rowsAfter(t, before)).length).toBeLessThanOrEqual(1025)
    })

    it('a payment start refused for a foreign or unknown card is recorded with the customer and the reason, never the card', async () => {
      await registerThroughCustomerWindow(t.engine, call, ctxOf.dana, { phone: CUSTOMER, name: 'Aruzhan Test', dateOfBirth: '1990-05-17', password: CUSTOMER_PASSWORD }, () => lastCode(t, CUSTOMER), () => t.clock.advance(61_000))
      // The card is typed on the customer window (issue 12); the teller only asks for the payment.
      const customerPage = await pairCustomerPage(t.engine, call, ctxOf.dana)
      for (const pan of [CARDS.foreign, CARDS.unknownBin]) {
        expect(await askPayment(call, ctxOf.dana, { providerId: 'kcell', params: { phone: CUSTOMER }, amountTiyn: 100_000, card: { pan, expiry: EXPIRY, cvv: CVV } })).toMatchObject({ ok: true })
        const from = await lastSeq(t)
        const typed = await customerPage.answer({ card: { pan, expiry: EXPIRY, cvv: CVV } })
        const got = { code: typed.ok ? (typed.value.code ?? 'ok') : typed.error.code, rows: await rowsAfter(t, from) }
        expect(got.code).not.toBe('ok')
        const start = got.rows.find((r) => r.action === 'payment.start')
        expect(start).toMatchObject({ outcome: 'denied', customer_ref: expect.stringMatching(/^b1:/) })
        expect(JSON.parse(start!.details)).toEqual({ reason: got.code, cardKind: 'new' })
        expect(JSON.stringify(got.rows)).not.toContain(pan)
        expect(JSON.stringify(got.rows)).not.toContain(pan.slice(-4) + CVV)
      }
    })

    it("a staff session locked by idleness is recorded with whose it was", async () => {
      t.clock.advance(901_000)
      const got = await leaves(Channel.LockoutsList, {}, ctxOf.dana)
      expect(got.code).toBe(ErrorCode.SESSION_LOCKED)
      expect(asText(got.rows)).toEqual(['access.refused:denied', 'staff.idleLock:success'])
      const danaId = ((await t.engine.ds.query(`SELECT id FROM staff WHERE login = 'dana'`)) as { id: string }[])[0]!.id
      const lock = got.rows.find((r) => r.action === 'staff.idleLock')!
      expect((await t.engine.ds.query('SELECT actor_staff_id FROM audit_event WHERE seq = ?', [lock.seq]))[0]).toEqual({ actor_staff_id: danaId })
      expect(JSON.parse(lock.details)).toEqual({ cause: 'idle', idleMinutes: 15 })
    })
  })
})
