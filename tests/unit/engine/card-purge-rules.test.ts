import { describe, expect, it } from 'vitest'
import { DEFAULT_CARD_PURGE_MONTHS, last4Of, purgeCutoff } from '../../../src/main/engine/payments/card-purge-rules'

describe('saved-card purge rules (issue 12, S16)', () => {
  it('the cutoff is N calendar months back; the 31st of a shorter month is its last day', () => {
    expect(DEFAULT_CARD_PURGE_MONTHS).toBe(13)
    expect(purgeCutoff(new Date('2026-02-11T04:00:00.000Z'), 13).toISOString()).toBe('2025-01-11T04:00:00.000Z')
    expect(purgeCutoff(new Date('2026-03-31T10:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z')
    expect(purgeCutoff(new Date('2024-03-31T10:00:00.000Z'), 1).toISOString()).toBe('2024-02-29T10:00:00.000Z')
    expect(purgeCutoff(new Date('2026-01-15T00:00:00.000Z'), 25).toISOString()).toBe('2023-12-15T00:00:00.000Z')
  })

  it('the audit gets the last 4 digits only, never the first 6', () => {
    expect(last4Of('440043******1237')).toBe('1237')
  })
})
