import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SmsGateway, SmsMessage } from '../../../src/main/engine/kernel/ports'
import { TransientSmsError } from '../../../src/main/engine/kernel/ports'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'
import { recordingDispatch, signInStaffAt, type TypedDispatch } from '../../support/dispatch'
import { Channel } from '../../../src/shared/ipc/channels'
import { FakeClock } from '../../support/fake-clock'

/**
 * Fault matrix, row "SMS operator down for minutes": a fake operator behind the SmsGateway port
 * refuses every message until a given time. Each key sent meanwhile is marked unsent and the teller
 * told SMS_UNAVAILABLE; the failures count towards neither the resend cooldown nor the hourly cap,
 * so the customer is not locked out by them; once the operator is back, a key goes out and works.
 */
class OperatorDownUntil implements SmsGateway {
  readonly delivered: SmsMessage[] = []
  constructor(
    private readonly clock: FakeClock,
    public backAt: number,
  ) {}
  async send(message: SmsMessage): Promise<void> {
    if (this.clock.now().getTime() < this.backAt) throw new TransientSmsError('operator unreachable')
    this.delivered.push(message)
  }
}

const PHONE = '+77010000005'
const CTX = { clientId: 'w1', workstation: 'ws-test-1' }

describe('fault: SMS operator down for minutes', () => {
  let t: TestEngine
  let sms: OperatorDownUntil
  let call: TypedDispatch
  const replies: string[] = []
  beforeEach(async () => {
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    sms = new OperatorDownUntil(clock, clock.now().getTime() + 10 * 60_000)
    t = await startTestEngine({}, { clock, sms })
    call = recordingDispatch(t.engine, replies)
    await signInStaffAt(t.engine, call, [{ login: 'teller1', role: 'teller', ctx: CTX }])
  })
  afterEach(async () => t.close())

  it('every try during a 10-minute outage: SMS_UNAVAILABLE, key unsent and unusable, audited; no lockout of the customer; a key works once the operator is back', async () => {
    const count = async (sql: string) => Number(((await t.engine.ds.query(sql)) as { n: number }[])[0]!.n)
    const auditBefore = await count('SELECT COUNT(*) AS n FROM audit_event')
    // Eight tries in ten minutes: more than the hourly cap (5), some within the resend cooldown.
    for (let i = 0; i < 8; i++) {
      const r = await call(Channel.VerificationSend, { phone: PHONE, purpose: 'verify' }, CTX)
      expect(r).toEqual({ ok: false, error: { code: 'SMS_UNAVAILABLE', message: 'The SMS could not be sent. Nothing was changed; please try again.' } })
      t.clock.advance(70_000)
    }
    expect(sms.delivered).toHaveLength(0)
    expect(await count(`SELECT COUNT(*) AS n FROM session_key WHERE state = 'unsent'`)).toBe(8)
    expect(await count(`SELECT COUNT(*) AS n FROM session_key WHERE state <> 'unsent'`)).toBe(0)
    // Each failure audited once by the service, and its refused call once by the gate (issue 14); nothing else written.
    expect(await count(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'sessionKey.send' AND outcome = 'failure'`)).toBe(8)
    expect(await count(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'access.refused' AND details LIKE '%SMS_UNAVAILABLE%'`)).toBe(8)
    expect(await count('SELECT COUNT(*) AS n FROM audit_event')).toBe(auditBefore + 16)
    const lookup = await call(Channel.CustomerLookup, { phone: PHONE }, CTX)
    expect(lookup).toMatchObject({ ok: true, value: { registered: false, blocked: false, verifiedUntil: null } })

    // Back: no cooldown and no cap left over from the failures.
    t.clock.advance(60_000)
    expect(t.clock.now().getTime()).toBeGreaterThanOrEqual(sms.backAt)
    const sent = await call(Channel.VerificationSend, { phone: PHONE, purpose: 'verify' }, CTX)
    expect(sent).toMatchObject({ ok: true })
    expect(sms.delivered).toHaveLength(1)
    const code = /\b(\d{6})\b/.exec(sms.delivered[0]!.text)![1]!
    await expect(t.engine.customers.confirmVerification(PHONE, code, TELLER)).resolves.toMatchObject({ phone: PHONE })
    // Only the key that went out is in use; the unsent ones never work.
    expect(await count(`SELECT COUNT(*) AS n FROM session_key WHERE state = 'unsent'`)).toBe(8)
    expect(replies.join('\n')).not.toContain(code)
  })
})
