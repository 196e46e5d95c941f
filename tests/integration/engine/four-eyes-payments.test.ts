import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import type { PaymentCustomer } from '../../../src/main/engine/payments/payment.service'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { lastCode, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const maker: CallContext = { clientId: 'wc:maker', workstation: 'ws-1' }
const checker: CallContext = { clientId: 'wc:checker', workstation: 'ws-2' }

/** Refunds (S18) and lost-card resolutions (S19) need two supervisors (issue 13). */
describe('four-eyes approval of refunds and lost-card resolutions', () => {
  let t: TestEngine
  let call: TypedDispatch
  let me: PaymentCustomer
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, [])
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: maker },
      { login: 'boss2', role: 'supervisor', ctx: checker },
    ])
    me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
  })
  afterEach(async () => t.close())

  async function pay(pan: string): Promise<string> {
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 250_000, card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV } }, TELLER)
    const receipt = await t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
    t.clock.advance(61_000)
    return receipt.paymentId
  }
  const state = async (id: string) => ((await t.engine.ds.query(`SELECT state FROM payment WHERE id = ?`, [id])) as { state: string }[])[0]!.state
  const pendingId = async () => {
    const inbox = await call(Channel.ApprovalsList, {}, checker)
    if (!inbox.ok || inbox.value.length !== 1) throw new Error(JSON.stringify(inbox))
    return inbox.value[0]!.id
  }

  it('S18: a guaranteed refund is requested by one supervisor and made only when another approves', async () => {
    const normal = await pay(CARDS.approve)
    const bypassed = await pay(CARDS.bypass)
    // Not eligible: refused at once, no request stored.
    expect(await call(Channel.RefundIssue, { paymentId: normal, reason: 'Customer asked' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.NOT_REFUNDABLE } })
    expect(await call(Channel.RefundIssue, { paymentId: bypassed, reason: 'S18 guaranteed refund' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    expect(await state(bypassed)).toBe('approved')
    const id = await pendingId()
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Checked the 3-D Secure log' }, checker)).toMatchObject({ ok: true, value: { kind: 'payment.refund', status: 'executed' } })
    expect(await state(bypassed)).toBe('refunded')
    expect(await t.engine.ds.query(`SELECT outcome, actor_staff_id FROM audit_event WHERE action = 'payment.refund'`)).toEqual([{ outcome: 'success', actor_staff_id: (await t.engine.ds.query(`SELECT id FROM staff WHERE login = 'boss2'`))[0].id }])
  })

  it('S19: resolving a lost-card case waits for a second supervisor; working it does not', async () => {
    const paid = await pay(CARDS.approve)
    const opened = await t.engine.fraud.open({ phone: PHONE, kind: 'lost-card', paymentId: paid, note: 'Card lost' }, SUPERVISOR)
    expect(await call(Channel.FraudStatus, { caseId: opened.id, status: 'investigating' }, maker)).toMatchObject({ ok: true, value: { status: 'investigating' } })
    expect(await call(Channel.FraudStatus, { caseId: opened.id, status: 'resolved' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_PENDING } })
    expect(await state(paid)).toBe('approved')
    const id = await pendingId()
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Lost card confirmed' }, maker)).toMatchObject({ ok: false, error: { code: ErrorCode.APPROVAL_SELF } })
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Lost card confirmed' }, checker)).toMatchObject({ ok: true, value: { kind: 'fraud.resolve', status: 'executed' } })
    expect(await t.engine.ds.query(`SELECT status, resolution FROM fraud_case WHERE id = ?`, [opened.id])).toEqual([{ status: 'resolved', resolution: 'client-favour' }])
    expect(await state(paid)).toBe('refunded')
  })

  it('a failing action is recorded as failed, audited, and its error reported to the checker', async () => {
    const bypassed = await pay(CARDS.bypass)
    await call(Channel.RefundIssue, { paymentId: bypassed, reason: 'S18 guaranteed refund' }, maker)
    const id = await pendingId()
    // Meanwhile refunded by another path (a fraud case): the approval cannot refund twice.
    await t.engine.payments.refund(bypassed, 'fraud case', SUPERVISOR, 's19-fraud-case')
    expect(await call(Channel.ApprovalsApprove, { requestId: id, reason: 'Approve' }, checker)).toMatchObject({ ok: false, error: { code: ErrorCode.NOT_REFUNDABLE } })
    expect(await t.engine.ds.query(`SELECT status, failure FROM approval_request`)).toEqual([{ status: 'failed', failure: 'NOT_REFUNDABLE' }])
    expect(await t.engine.ds.query(`SELECT outcome FROM audit_event WHERE action = 'approval.executed'`)).toEqual([{ outcome: 'failure' }])
  })
})
