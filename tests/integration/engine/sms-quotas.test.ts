import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { SmsGateway } from '../../../src/main/engine/kernel/ports'
import { FakeClock } from '../../support/fake-clock'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, OTHER_WORKSTATION, TELLER } from '../../support/customers'

const SEC = 1000
const MIN = 60 * SEC
const phone = (i: number) => `+7701${String(10_000_000 + i).slice(1)}`

async function sendDenials(t: TestEngine): Promise<string[]> {
  const rows = (await t.engine.ds.query(`SELECT details FROM audit_event WHERE action = 'sessionKey.send' AND outcome = 'denied' ORDER BY seq`)) as { details: string }[]
  return rows.map((r) => (JSON.parse(r.details) as { reason: string }).reason)
}

describe('session-key SMS quotas per Almaty day: per phone and per staff member, unsent keys included', () => {
  let t: TestEngine
  afterEach(async () => t.close())

  it('per phone: the (limit+1)th key of the Almaty day is refused with SMS_PHONE_QUOTA_REACHED until Almaty midnight, audited', async () => {
    // 16:00 UTC = 21:00 in Almaty; the Almaty day ends at 19:00 UTC.
    t = await startTestEngine({ smsPerPhonePerDay: 3 }, { clock: new FakeClock('2026-03-10T10:00:00.000Z') })
    for (let i = 0; i < 3; i++) {
      await t.engine.sessionKeys.issue(phone(1), 'verify', TELLER)
      t.clock.advance(61 * SEC)
    }
    await expect(t.engine.sessionKeys.issue(phone(1), 'verify', OTHER_WORKSTATION)).rejects.toMatchObject({
      code: ErrorCode.SMS_PHONE_QUOTA_REACHED,
      details: { retryAt: '2026-03-10T19:00:00.000Z' },
    })
    expect(await sendDenials(t)).toEqual([ErrorCode.SMS_PHONE_QUOTA_REACHED])
    // Another phone is unaffected; after Almaty midnight the phone may get keys again.
    await t.engine.sessionKeys.issue(phone(2), 'verify', TELLER)
    t.clock.set('2026-03-10T19:00:00.000Z')
    await expect(t.engine.sessionKeys.issue(phone(1), 'verify', TELLER)).resolves.toMatchObject({ phone: phone(1) })
  })

  it('per phone: keys the customer entered correctly do not count, so a customer can confirm more operations than the cap in a day', async () => {
    t = await startTestEngine({ smsPerPhonePerDay: 3 }, { clock: new FakeClock('2026-03-10T04:00:00.000Z') })
    for (let i = 0; i < 5; i++) {
      await t.engine.sessionKeys.issue(phone(3), 'verify', TELLER)
      await t.engine.sessionKeys.confirm(phone(3), 'verify', lastCode(t, phone(3)), TELLER)
      t.clock.advance(61 * SEC)
    }
    expect(await sendDenials(t)).toEqual([])
  })

  it('per staff member: the (limit+1)th key a teller sends in an Almaty day is refused with SMS_STAFF_QUOTA_REACHED, whatever the phone; another teller is unaffected', async () => {
    t = await startTestEngine({ smsPerStaffPerDay: 4 }, { clock: new FakeClock('2026-03-10T04:00:00.000Z') })
    for (let i = 0; i < 4; i++) await t.engine.sessionKeys.issue(phone(10 + i), 'verify', TELLER)
    await expect(t.engine.sessionKeys.issue(phone(20), 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_STAFF_QUOTA_REACHED, details: { retryAt: '2026-03-10T19:00:00.000Z' } })
    expect(await sendDenials(t)).toEqual([ErrorCode.SMS_STAFF_QUOTA_REACHED])
    await expect(t.engine.sessionKeys.issue(phone(20), 'verify', OTHER_WORKSTATION)).resolves.toMatchObject({ phone: phone(20) })
    t.clock.set('2026-03-10T19:00:00.000Z')
    await expect(t.engine.sessionKeys.issue(phone(21), 'verify', TELLER)).resolves.toMatchObject({ phone: phone(21) })
  })

  it('keys that could not be sent count toward both caps: the phone\'s and the staff member\'s (the operator may have delivered them)', async () => {
    let fail = true
    const sms: SmsGateway = {
      send: async () => {
        if (fail) throw new Error('operator down')
      },
    }
    t = await startTestEngine({ smsPerPhonePerDay: 3, smsPerStaffPerDay: 6 }, { clock: new FakeClock('2026-03-10T04:00:00.000Z') , sms })
    // Three failed tries to one phone use up its day, whoever makes them.
    for (let i = 0; i < 3; i++) await expect(t.engine.sessionKeys.issue(phone(1), 'verify', i < 2 ? TELLER : OTHER_WORKSTATION)).rejects.toMatchObject({ code: ErrorCode.SMS_UNAVAILABLE })
    fail = false
    await expect(t.engine.sessionKeys.issue(phone(1), 'verify', { ...OTHER_WORKSTATION, staffId: null })).rejects.toMatchObject({ code: ErrorCode.SMS_PHONE_QUOTA_REACHED })
    // Every try counts for the staff member who made it: TELLER made 2, then 4 more reach 6.
    fail = true
    for (let i = 2; i < 6; i++) await expect(t.engine.sessionKeys.issue(phone(i), 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_UNAVAILABLE })
    fail = false
    await expect(t.engine.sessionKeys.issue(phone(9), 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_STAFF_QUOTA_REACHED })
  })

  it('defaults: 10 per phone, 200 per staff member per day', async () => {
    t = await startTestEngine({}, { clock: new FakeClock('2026-03-10T04:00:00.000Z') })
    expect(t.engine.config).toMatchObject({ smsPerPhonePerDay: 10, smsPerStaffPerDay: 200 })
    // 10 keys to one phone across the day (spaced past the hourly cap), then refused.
    for (let i = 0; i < 10; i++) {
      await t.engine.sessionKeys.issue(phone(1), 'verify', TELLER)
      t.clock.advance(13 * MIN)
    }
    await expect(t.engine.sessionKeys.issue(phone(1), 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_PHONE_QUOTA_REACHED })
  })
})
