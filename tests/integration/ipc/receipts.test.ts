import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { lastCode, registerCustomer } from '../../support/customers'
import { CARDS, EXPIRY } from '../../support/cards'
import { pairCustomerPage, payThroughCustomerWindow, signInThroughCustomerWindow } from '../../support/customer-page'

// Issue 16: receipts. The original, then every reprint marked as a duplicate, each print audited;
// only for the customer at this counter (a refund's for supervisors); at most 6 + 4 card digits.

const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const other: CallContext = { clientId: 'wc:2', workstation: 'ws-2' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const PHONE = '+77012345678'
const OTHER = '+77019876543'
const SUBSCRIBER = '+77015550011'

describe('receipts: original then duplicates, audited, for the customer at the counter only', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  let paymentId = ''
  beforeEach(async () => {
    t = await startTestEngine({ idleTimeoutSeconds: 900, receiptHeader: { bank: 'Halyk Test Bank', branch: 'Almaty branch 12' } })
    call = recordingDispatch(t.engine, replies)
    replies.length = 0
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'dana', role: 'teller', ctx: counter },
      { login: 'erlan', role: 'teller', ctx: other },
    ])
    await registerCustomer(t, PHONE, 'qwerty1!')
    await registerCustomer(t, OTHER, 'qwerty1!')
    t.clock.advance(61_000)
    const page = await pairCustomerPage(t.engine, call, counter)
    expect(await signInThroughCustomerWindow(page, call, counter, PHONE, 'qwerty1!')).toMatchObject({ result: 'accepted' })
    const card = { pan: CARDS.approve, expiry: EXPIRY, cvv: '739' }
    const confirmed = await payThroughCustomerWindow(page, call, counter, { providerId: 'kcell', params: { phone: SUBSCRIBER }, amountTiyn: 4_567_850, card }, () => lastCode(t, PHONE))
    if (!confirmed.payment) throw new Error(JSON.stringify(confirmed))
    paymentId = confirmed.payment.id
  })
  afterEach(async () => t.close())

  it('the first print is the original with everything a bank receipt shows; the next are duplicates; each is audited', async () => {
    const first = await call(Channel.ReceiptPrint, { paymentId }, counter)
    expect(first).toMatchObject({
      ok: true,
      value: {
        bank: 'Halyk Test Bank',
        branch: 'Almaty branch 12',
        workstation: 'ws-1',
        teller: 'dana',
        provider: { en: 'Kcell / activ' },
        payee: [{ label: { ru: 'Номер абонента' }, value: SUBSCRIBER }],
        amountTiyn: 4_567_850,
        cardMasked: expect.stringMatching(/^440043\*{6}\d{4}$/),
        brand: 'VISA',
        authCode: expect.any(String),
        state: 'approved',
        reference: expect.stringMatching(/^P-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/),
        copy: 1,
        duplicate: false,
      },
    })
    expect(await call(Channel.ReceiptPrint, { paymentId }, counter)).toMatchObject({ ok: true, value: { copy: 2, duplicate: true } })
    expect(await call(Channel.ReceiptPrint, { paymentId }, counter)).toMatchObject({ ok: true, value: { copy: 3, duplicate: true } })
    const rows = (await t.engine.ds.query(`SELECT customer_ref, details FROM audit_event WHERE action = 'receipt.print' ORDER BY seq`)) as { customer_ref: string; details: string }[]
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([
      { paymentId, copy: 1, duplicate: false },
      { paymentId, copy: 2, duplicate: true },
      { paymentId, copy: 3, duplicate: true },
    ])
    // No receipt reply carries more than 10 digits of a card (first 6 and last 4 at most).
    const receipts = replies.filter((r) => r.includes('"cardMasked"') && r.includes('"copy"')).join('\n')
    expect(receipts).not.toContain(CARDS.approve)
    expect(receipts.replaceAll(SUBSCRIBER, '').replace(/"(amountTiyn|copy)":\d+/g, '')).not.toMatch(/\d{11,}/)
  })

  it('parallel prints count exactly: one original, the rest duplicates', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => call(Channel.ReceiptPrint, { paymentId }, counter)))
    const copies = all.map((r) => (r.ok ? r.value.copy : 0)).sort((a, b) => a - b)
    expect(copies).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it("another window's customer, no customer, or a payment not refunded: refused; a refund's receipt is a supervisor's", async () => {
    expect(await call(Channel.ReceiptPrint, { paymentId }, other)).toMatchObject({ ok: false, error: { code: ErrorCode.CUSTOMER_NOT_SIGNED_IN } })
    const otherPage = await pairCustomerPage(t.engine, call, other)
    expect(await signInThroughCustomerWindow(otherPage, call, other, OTHER, 'qwerty1!')).toMatchObject({ result: 'accepted' })
    expect(await call(Channel.ReceiptPrint, { paymentId }, other)).toMatchObject({ ok: false, error: { code: ErrorCode.PAYMENT_NOT_FOUND } })
    expect(await call(Channel.ReceiptRefund, { paymentId }, counter)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    expect(await call(Channel.ReceiptRefund, { paymentId }, chief)).toMatchObject({ ok: false, error: { code: ErrorCode.PAYMENT_NOT_FOUND } })
    const count = (await t.engine.ds.query(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'receipt.print'`)) as { n: number }[]
    expect(Number(count[0]!.n)).toBe(0)
  })
})
