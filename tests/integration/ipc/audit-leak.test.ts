import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { FakeClock } from '../../support/fake-clock'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { lastCode } from '../../support/customers'
import { pairCustomerPage, payThroughCustomerWindow, registerThroughCustomerWindow, signInThroughCustomerWindow } from '../../support/customer-page'
import { CARDS, EXPIRY } from '../../support/cards'

const counter: CallContext = { clientId: 'wc:1', workstation: 'ws-1' }
const chief: CallContext = { clientId: 'wc:9', workstation: 'ws-9' }
/** The second supervisor of four eyes (issue 13): a refund waits for them. */
const chief2: CallContext = { clientId: 'wc:8', workstation: 'ws-8' }

const PHONE = '+77012345678'
const NAME = 'Aigerim Nurlanovna'
const DOB = '1987-11-23'
const PASSWORD = 'qwerty1!'
const SUBSCRIBERS = ['+77015550101', '+77025550202']
const ACCOUNT = '4815162342'
const REFUND_REASON = 'Customer Zhanna reported a double charge'
const FRAUD_NOTE = 'Card stolen on Abay avenue, thief called Bolat'
const SECOND_NOTE = 'Police report filed by Mukhtar'
const BLOCK_REASON = 'Impostor named Timur tried to sign in'

/**
 * What the day used that names a person: each looked for as UTF-8 and as UTF-16LE, the phones also
 * without the +7 (a number typed 8 7xx… or searched as digits).
 */
const SECRETS = [
  PHONE,
  PHONE.slice(2),
  '701 234 56 78',
  NAME,
  'Nurlanovna',
  DOB,
  '23.11.1987',
  ...SUBSCRIBERS,
  ...SUBSCRIBERS.map((s) => s.slice(2)),
  ACCOUNT,
  REFUND_REASON,
  'Zhanna',
  FRAUD_NOTE,
  'Bolat',
  SECOND_NOTE,
  'Mukhtar',
  BLOCK_REASON,
  'Timur',
]

function hits(where: string, bytes: Buffer): string[] {
  return SECRETS.filter((s) => bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le'))).map((s) => `${s} in ${where}`)
}

describe('a full teller day leaves no customer data in clear in the audit trail, its archives or the logs (issue 15)', () => {
  let t: TestEngine
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    // A day 11 years ago, so the retention run at the end archives it.
    t = await startTestEngine({}, { clock: new FakeClock('2015-03-10T04:00:00.000Z') })
    call = recordingDispatch(t.engine, replies)
    await signInStaffAt(t.engine, call, [
      { login: 'chief', role: 'supervisor', ctx: chief },
      { login: 'chief2', role: 'supervisor', ctx: chief2 },
      { login: 'dana', role: 'teller', ctx: counter },
    ])
  })
  afterEach(async () => t.close())

  const ok = async <T,>(r: Promise<{ ok: boolean }>): Promise<T> => {
    const res = await r
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
    return (res as unknown as { value: T }).value
  }

  it('registration, payments to several payees, a refund, a fraud case with notes, a block, retention: 0 hits', async () => {
    // Registration (S5).
    await ok(call(Channel.CustomerLookup, { phone: '8 701 234 56 78' }, counter))
    await registerThroughCustomerWindow(t.engine, call, counter, { phone: PHONE, name: NAME, dateOfBirth: DOB, password: PASSWORD }, () => lastCode(t, PHONE))
    await ok(call(Channel.CustomerSignOut, {}, counter))
    t.clock.advance(61_000)
    const page = await pairCustomerPage(t.engine, call, counter)
    expect(await signInThroughCustomerWindow(page, call, counter, PHONE, PASSWORD)).toMatchObject({ result: 'accepted' })

    // Payments to several subscriber numbers and an account; one card bypasses 3-D Secure (S18).
    const payments: [string, Record<string, string>, string][] = [
      ['kcell', { phone: SUBSCRIBERS[0]! }, CARDS.approve],
      ['kcell', { phone: SUBSCRIBERS[1]! }, CARDS.bypass],
      ['almaty-energo', { account: ACCOUNT }, CARDS.approve],
    ]
    for (const [providerId, params, pan] of payments) {
      const done = await payThroughCustomerWindow(page, call, counter, { providerId, params, amountTiyn: 100_000, card: { pan, expiry: EXPIRY, cvv: '739' } }, () => lastCode(t, PHONE))
      expect(done).toMatchObject({ result: 'accepted', payment: { state: expect.any(String) } })
      t.clock.advance(61_000)
    }
    await ok(call(Channel.CustomerSignOut, {}, counter))

    // A refund with a reason, a fraud case with notes, a block with a reason.
    const flagged = await ok<{ paymentId: string }[]>(call(Channel.RefundsFlagged, {}, chief))
    expect(flagged).toHaveLength(1)
    const pending = await call(Channel.RefundIssue, { paymentId: flagged[0]!.paymentId, reason: REFUND_REASON }, chief)
    expect(pending).toMatchObject({ ok: false, error: { code: 'APPROVAL_PENDING' } })
    const requestId = String((pending as unknown as { error: { details: { requestId: string } } }).error.details.requestId)
    await ok(call(Channel.ApprovalsApprove, { requestId, reason: `${REFUND_REASON} (checked)` }, chief2))
    const fraud = await ok<{ id: string }>(call(Channel.FraudOpen, { phone: PHONE, kind: 'stolen-card', paymentId: flagged[0]!.paymentId, note: FRAUD_NOTE }, chief))
    await ok(call(Channel.FraudNote, { caseId: fraud.id, text: SECOND_NOTE }, chief))
    await ok(call(Channel.CustomerBlock, { phone: PHONE, reason: BLOCK_REASON }, chief))
    await ok(call(Channel.AuditSearch, { filters: { phone: '8 701 234 56 78' } }, chief))

    // The audit table as it stands at the end of the day: every column of every row.
    const rows = (await t.engine.ds.query('SELECT * FROM audit_event ORDER BY seq')) as Record<string, unknown>[]
    expect(rows.length).toBeGreaterThan(20)
    const found = hits('audit_event', Buffer.from(JSON.stringify(rows)))

    // Eleven years on, retention archives the whole day.
    t.clock.set('2026-03-12T04:00:00.000Z')
    const archiveDir = join(t.dataDir, 'archive')
    const r = await t.engine.audit.retention(archiveDir, { staffId: null, workstation: 'ws-9' })
    expect(r.purged).toBe(rows.length)
    for (const f of readdirSync(archiveDir)) found.push(...hits(f, readFileSync(join(archiveDir, f))))
    found.push(...hits('logs', Buffer.from(t.logLines.join('\n'))))
    found.push(...hits('audit_event after retention', Buffer.from(JSON.stringify(await t.engine.ds.query('SELECT * FROM audit_event')))))
    expect(found).toEqual([])

    // The scan sees what is there: the supervisor's reading of the archive shows the phone and the reason.
    const read = await t.engine.audit.readArchive(r.archive!, { staffId: null, workstation: 'ws-9' })
    expect(read.csv).toContain(PHONE)
    expect(read.csv).toContain(BLOCK_REASON)
    expect(read.csv).toContain(REFUND_REASON)
  })
})
