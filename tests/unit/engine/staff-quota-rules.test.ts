import { describe, expect, it } from 'vitest'
import { almatyDayBegan, dailyQuota, rollingQuota } from '../../../src/main/engine/staff/staff-quota-rules'

describe('per-staff and per-phone allowances', () => {
  it('rolling window: refused once full, until the oldest counted use leaves the window', () => {
    const uses = ['2026-03-10T04:00:00.000Z', '2026-03-10T04:01:00.000Z', '2026-03-10T04:02:00.000Z']
    expect(rollingQuota(uses.slice(0, 2), 3, 600_000)).toEqual({ allowed: true })
    expect(rollingQuota(uses, 3, 600_000)).toEqual({ allowed: false, retryAt: '2026-03-10T04:10:00.000Z' })
    expect(rollingQuota(uses, 2, 600_000)).toEqual({ allowed: false, retryAt: '2026-03-10T04:11:00.000Z' })
  })

  it('daily: an Almaty calendar day (UTC+5), refused until the next Almaty midnight', () => {
    // 18:59:59 UTC is 23:59:59 in Almaty; 19:00 UTC is the next day there.
    expect(almatyDayBegan(Date.parse('2026-03-10T18:59:59.999Z'))).toBe('2026-03-09T19:00:00.000Z')
    expect(almatyDayBegan(Date.parse('2026-03-10T19:00:00.000Z'))).toBe('2026-03-10T19:00:00.000Z')
    expect(dailyQuota(9, 10, Date.parse('2026-03-10T12:00:00.000Z'))).toEqual({ allowed: true })
    expect(dailyQuota(10, 10, Date.parse('2026-03-10T12:00:00.000Z'))).toEqual({ allowed: false, retryAt: '2026-03-10T19:00:00.000Z' })
  })
})
