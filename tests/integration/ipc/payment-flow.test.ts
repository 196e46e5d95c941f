import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { ErrorCode } from '../../../src/shared/errors'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { lastCode, registerCustomer } from '../../support/customers'
import { CARDS, EXPIRY } from '../../support/cards'
import { askPayment, pairCustomerPage, payThroughCustomerWindow, signInThroughCustomerWindow } from '../../support/customer-page'


const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
const PHONE = '+77012345678'
const CVV_A = '739'
const CVV_B = '586'

describe('payments through the real dispatcher: counter customer only, and no PAN or CVV anywhere but the sealed column', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    t = await startTestEngine()
    call = recordingDispatch(t.engine, replies)
    replies.length = 0
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'dana', role: 'teller', ctx: counter },
    ])
    await registerCustomer(t, PHONE, 'qwerty1!')
    t.clock.advance(61_000)
  })
  afterEach(async () => t.close())

  it('needs the customer signed in at this window (S14); the teller cannot send card details', async () => {
    const r = await askPayment(call, counter, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { cardId: '00000000-0000-4000-8000-000000000000' } })
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.CUSTOMER_NOT_SIGNED_IN } })
    const bad = await call(Channel.CustomerWindowAskPayment, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 1.5, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: '12345' } } as never, counter)
    expect(bad).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } })
    expect(JSON.stringify(bad)).not.toContain(CARDS.approve)
  })

  it('leaves no PAN or CVV in IPC replies, the database, its WAL, or the log', async () => {
    const page = await pairCustomerPage(t.engine, call, counter)
    expect(await signInThroughCustomerWindow(page, call, counter, PHONE, 'qwerty1!')).toMatchObject({ result: 'accepted' })
    for (const [pan, cvv] of [[CARDS.approve, CVV_A], [CARDS.bypass, CVV_B]] as const) {
      const done = await payThroughCustomerWindow(page, call, counter, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { pan, expiry: EXPIRY, cvv } }, () => lastCode(t, PHONE))
      expect(done).toMatchObject({ result: 'accepted', payment: { state: 'approved' } })
      // What the teller's window reads of it (recorded with the other replies).
      expect(await call(Channel.CustomerWindowStatus, {}, counter)).toMatchObject({ ok: true })
      t.clock.advance(61_000)
    }
    // A refused card also leaves no trace of its number.
    expect(await payThroughCustomerWindow(page, call, counter, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { pan: CARDS.foreign, expiry: EXPIRY, cvv: CVV_A } }, () => lastCode(t, PHONE))).toMatchObject({ code: ErrorCode.CARD_FOREIGN })
    expect(await call(Channel.CustomerWindowStatus, {}, counter)).toMatchObject({ ok: true })
    const saved = await call(Channel.CardsList, {}, counter)
    expect(saved).toMatchObject({ ok: true, value: [{ masked: expect.stringMatching(/^440043\*{6}\d{4}$/) }, { masked: expect.stringMatching(/^440043\*{6}\d{4}$/) }] })
    await call(Channel.PaymentsHistory, {}, counter)
    await call(Channel.RefundsFlagged, {}, chief)
    await call(Channel.AuditExport, { filters: {} }, chief)

    const db = join(t.dataDir, STORE_FILE)
    copyFileSync(`${db}-wal`, `${db}-wal.copy`)
    const texts = {
      replies: replies.join('\n'),
      logs: t.logLines.join('\n'),
      db: readFileSync(db).toString('latin1'),
      wal: readFileSync(`${db}-wal.copy`).toString('latin1'),
    }
    for (const [where, text] of Object.entries(texts)) {
      for (const pan of [CARDS.approve, CARDS.bypass, CARDS.foreign]) {
        expect(text.includes(pan), `PAN in ${where}`).toBe(false)
      }
      for (const cvv of [CVV_A, CVV_B]) {
        expect(new RegExp(`(?<![0-9a-fA-F.])${cvv}(?![0-9a-fA-F])`).test(text), `CVV in ${where}`).toBe(false)
        expect(/"cvv"/i.test(text), `a cvv field in ${where}`).toBe(false)
      }
    }
    // The scan does see what is stored: the masked card is there.
    expect(texts.wal.includes('440043******1237') || texts.db.includes('440043******1237')).toBe(true)
  })
})
