import { describe, expect, it } from 'vitest'
import { SERVER_SKEW_LIMIT_MS, serverSkewChange } from '../../../src/main/engine/audit/server-clock-rules'

/** Issue 14: a workstation clock more than 5 s off the database server's is an alert, once per episode. */
describe('server clock skew episodes', () => {
  it('starts an episode past 5 s either way, and not at or under 5 s', () => {
    expect(SERVER_SKEW_LIMIT_MS).toBe(5_000)
    expect(serverSkewChange(false, 5_001)).toBe('started')
    expect(serverSkewChange(false, -5_001)).toBe('started')
    expect(serverSkewChange(false, 5_000)).toBeNull()
    expect(serverSkewChange(false, -4_000)).toBeNull()
    expect(serverSkewChange(false, 0)).toBeNull()
  })

  it('says nothing more while the episode lasts, however far the clock drifts', () => {
    expect(serverSkewChange(true, 6_000)).toBeNull()
    expect(serverSkewChange(true, -60_000)).toBeNull()
    expect(serverSkewChange(true, 4_500)).toBeNull()
  })

  it('ends the episode once the clocks agree within 4 s again (no alert per event for a skew hovering at 5 s)', () => {
    expect(serverSkewChange(true, 4_000)).toBe('ended')
    expect(serverSkewChange(true, -100)).toBe('ended')
  })
})
