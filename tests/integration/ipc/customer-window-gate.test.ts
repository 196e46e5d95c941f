import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCustomerGate } from '../../../src/main/ipc/customer-gate'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { ErrorCode } from '../../../src/shared/errors'
import { allChannels, Channel } from '../../../src/shared/ipc/channels'
import { customerPageChannelNames } from '../../../src/shared/ipc/customer-page-contract'
import type { CustomerPromptDto } from '../../../src/shared/customer-window-dto'
import { lastCode, wrongCode } from '../../support/customers'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

const teller: CallContext = { clientId: 'shell:teller-1', workstation: 'ws-1' }
const page: CallContext = { clientId: 'customer:page-1', workstation: 'ws-1' }
const PHONE = '+77012345678'

describe('the customer window has a gate of its own (issue 12)', () => {
  let t: TestEngine
  let call: TypedDispatch
  let customer: ReturnType<typeof createCustomerGate>
  const replies: string[] = []
  beforeEach(async () => {
    t = await startTestEngine()
    replies.length = 0
    call = recordingDispatch(t.engine, replies)
    customer = createCustomerGate(t.engine.customerWindows, t.engine.logger)
    await signInStaffAt(t.engine, call, [{ login: 'dana', role: 'teller', ctx: teller }])
  })
  afterEach(async () => t.close())

  it('refuses every teller channel from the customer credential (audited) and every customer channel from the teller one', async () => {
    for (const name of allChannels) {
      expect(await customer(name, {}, page)).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
    }
    for (const name of customerPageChannelNames) {
      expect(await call(name as never, {} as never, teller)).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL } })
    }
    const audited = await t.engine.auditReview.search({ action: 'customerWindow.refused' }, null, 500)
    expect(audited.rows).toHaveLength(allChannels.length)
  })

  it('the key travels customer page → engine; the teller window gets progress only', async () => {
    const pairing = await call(Channel.CustomerWindowPairingStart, {}, teller)
    if (!pairing.ok) throw new Error('no pairing code')
    expect(await customer('customerPage:pair', { code: pairing.value.code }, page)).toMatchObject({ ok: true })
    expect(await call(Channel.CustomerWindowAskVerify, { phone: '8 701 234 56 78' }, teller)).toMatchObject({ ok: true })
    const code = lastCode(t, PHONE)
    const read = async () => ((await customer('customerPage:prompt', {}, page)) as { value: CustomerPromptDto }).value
    const p = await read()
    expect(await customer('customerPage:answer', { promptId: p.id, nonce: p.nonce, code: wrongCode(code) }, page)).toMatchObject({
      ok: true,
      value: { result: 'retry', code: ErrorCode.SESSION_KEY_INVALID, attemptsLeft: 2 },
    })
    expect(await call(Channel.CustomerWindowStatus, {}, teller)).toMatchObject({ ok: true, value: { outcome: { result: 'retry', attemptsLeft: 2 } } })
    const q = await read()
    expect(await customer('customerPage:answer', { promptId: q.id, nonce: q.nonce, code: 'abc' }, page)).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(await customer('customerPage:answer', { promptId: q.id, nonce: q.nonce, code }, page)).toMatchObject({ ok: true, value: { result: 'accepted' } })
    expect(await call(Channel.CustomerWindowStatus, {}, teller)).toMatchObject({ ok: true, value: { outcome: { result: 'accepted', kind: 'verifyKey' } } })
    for (const r of replies) {
      expect(r).not.toContain(code)
      expect(r).not.toContain(wrongCode(code))
    }
  })
})
