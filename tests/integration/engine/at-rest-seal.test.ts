import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { lastCode, registerCustomer, SUPERVISOR } from '../../support/customers'
import { CARDS, EXPIRY } from '../../support/cards'
import { pairCustomerPage, payThroughCustomerWindow, signInThroughCustomerWindow } from '../../support/customer-page'

const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const chief2: CallContext = { clientId: 'wc:8', workstation: 'ws-8' }
const ALICE = '+77012345678'
const BOLAT = '+77471239876'
const SUBSCRIBER = '+77015550101'
const OTHER = '+77015550202'

/** Sealed columns, as the classification test names them, and what each must hold after the day. */
const SEALED_COLUMNS = [
  ['payment', 'params'],
  ['payment', 'refund_reason'],
  ['customer', 'block_reason'],
  ['fraud_note', 'text'],
] as const

describe('payments searched by payee through its keyed index; sealed fields re-sealed after a data-key rotation (issue 15)', () => {
  let t: TestEngine
  let call: TypedDispatch
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
    await registerCustomer(t, ALICE, 'qwerty1!')
    await registerCustomer(t, BOLAT, 'qwerty1!', 'Bolat Test')
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: counter }])
    const page = await pairCustomerPage(t.engine, call, counter)
    for (const [customer, payee] of [[ALICE, SUBSCRIBER], [ALICE, OTHER], [BOLAT, SUBSCRIBER]] as const) {
      t.clock.advance(61_000)
      expect(await signInThroughCustomerWindow(page, call, counter, customer, 'qwerty1!')).toMatchObject({ result: 'accepted' })
      const card = { pan: CARDS.bypass, expiry: EXPIRY, cvv: '739' }
      expect(await payThroughCustomerWindow(page, call, counter, { providerId: 'kcell', params: { phone: payee }, amountTiyn: 100_000, card }, () => lastCode(t, customer))).toMatchObject({ payment: { state: 'approved' } })
    }
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'chief2', role: 'supervisor', ctx: chief2 },
    ])
  })
  afterEach(async () => t.close())

  it('a supervisor finds every customer’s payments to one subscriber number, however it is spaced; a teller may not; the search is audited without the number', async () => {
    const found = await call(Channel.PaymentsByPayee, { payee: '+7 701 555 01 01' }, chief)
    expect(found).toMatchObject({ ok: true })
    const list = (found as { ok: true; value: { customerPhone: string; params: Record<string, string> }[] }).value
    expect(list.map((r) => [r.customerPhone, r.params.phone])).toEqual([[BOLAT, SUBSCRIBER], [ALICE, SUBSCRIBER]])
    expect(await call(Channel.PaymentsByPayee, { payee: '+77019999999' }, chief)).toEqual({ ok: true, value: [] })
    expect(await call(Channel.PaymentsByPayee, { payee: SUBSCRIBER }, counter)).toMatchObject({ ok: false, error: { code: ErrorCode.FORBIDDEN } })
    const events = (await t.engine.ds.query(`SELECT details FROM audit_event WHERE action = 'payment.searchByPayee'`)) as { details: string }[]
    expect(events.map((e) => JSON.parse(e.details) as unknown)).toEqual([{ results: 2 }, { results: 0 }])
    expect(events.some((e) => e.details.includes('555'))).toBe(false)
  })

  it('a sealed value moved to another row does not open (the AAD names the row)', async () => {
    const [a, b] = (await t.engine.ds.query(`SELECT id, params FROM payment ORDER BY created_at`)) as { id: string; params: string }[]
    await t.engine.ds.query(`UPDATE payment SET params = ? WHERE id = ?`, [a!.params, b!.id])
    await expect(t.engine.payments.byPayee(OTHER)).rejects.toThrow()
  })

  it('after `keys rotate`, every sealed column is re-sealed under the new data key, in batches, and still reads the same', async () => {
    const paid = (await t.engine.payments.byPayee(OTHER))[0]!
    // Four eyes (issue 13): the refund waits for a second supervisor, whose approval carries it out.
    const pending = await call(Channel.RefundIssue, { paymentId: paid.paymentId, reason: 'Paid the wrong number' }, chief)
    if (pending.ok || pending.error.code !== ErrorCode.APPROVAL_PENDING) throw new Error(`expected APPROVAL_PENDING, got ${JSON.stringify(pending)}`)
    expect(await call(Channel.ApprovalsApprove, { requestId: String(pending.error.details?.requestId), reason: 'Checked the receipt' }, chief2)).toMatchObject({ ok: true, value: { status: 'executed' } })
    expect(await call(Channel.FraudOpen, { phone: ALICE, kind: 'other', paymentId: null, note: 'First note' }, chief)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerBlock, { phone: BOLAT, reason: 'Reported stolen phone' }, chief)).toMatchObject({ ok: true })
    const values = async (prefix: string) => {
      const all: string[] = []
      for (const [table, column] of SEALED_COLUMNS) {
        const rows = (await t.engine.ds.query(`SELECT "${column}" AS v FROM ${table} WHERE "${column}" IS NOT NULL`)) as { v: string }[]
        expect(rows.length, `${table}.${column}`).toBeGreaterThan(0)
        all.push(...rows.map((r) => r.v))
      }
      return all.filter((v) => !v.startsWith(prefix))
    }
    expect(await values('k1:v1.')).toEqual([])

    expect(await t.engine.keys.rotateDataKey()).toBe(2)
    // One of each column a batch: the four sealed columns, the approval's three and a staff TOTP secret.
    expect(await t.engine.atRest.reencryptBatch(1)).toBe(8)
    let total = 8
    for (let n = await t.engine.atRest.reencryptBatch(1); n > 0; n = await t.engine.atRest.reencryptBatch(1)) total += n
    // 3 payment parameters, 1 refund reason, 1 block reason, 1 note; the refund's approval (parameters,
    // maker's and checker's reasons) and the TOTP secrets of dana, chief and chief2.
    expect(total).toBe(12)
    expect(await values('k2:v1.')).toEqual([])

    expect((await t.engine.payments.byPayee(OTHER))[0]).toMatchObject({ paymentId: paid.paymentId, params: { phone: OTHER }, state: 'refunded' })
    expect(await t.engine.customers.lockouts(SUPERVISOR, 'supervisor')).toMatchObject([{ phone: BOLAT, reason: 'Reported stolen phone' }])
    expect((await t.engine.fraud.list())[0]!.notes.map((n) => n.text)).toEqual(['First note'])
  })
})
