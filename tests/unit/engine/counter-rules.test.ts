import { describe, expect, it } from 'vitest'
import { counterSessionEnd, counterSessionEndsAtMs, DEFAULT_COUNTER_LIMITS } from '../../../src/main/engine/counter/counter-rules'

const M = 60_000

describe('counter-session lifetime', () => {
  it('idle: ends at exactly 10 minutes after the last action, not a millisecond before', () => {
    const s = { startedMs: 0, lastActiveMs: 5 * M }
    expect(counterSessionEnd(s, 15 * M - 1, DEFAULT_COUNTER_LIMITS)).toBeNull()
    expect(counterSessionEnd(s, 15 * M, DEFAULT_COUNTER_LIMITS)).toBe('idle')
  })
  it('absolute: ends 30 minutes after sign-in however recent the last action; it wins over idle', () => {
    expect(counterSessionEnd({ startedMs: 0, lastActiveMs: 30 * M - 1 }, 30 * M - 1, DEFAULT_COUNTER_LIMITS)).toBeNull()
    expect(counterSessionEnd({ startedMs: 0, lastActiveMs: 30 * M - 1 }, 30 * M, DEFAULT_COUNTER_LIMITS)).toBe('absolute')
    expect(counterSessionEnd({ startedMs: 0, lastActiveMs: 0 }, 31 * M, DEFAULT_COUNTER_LIMITS)).toBe('absolute')
  })
  it('uses the limits it is given', () => {
    expect(counterSessionEnd({ startedMs: 0, lastActiveMs: 0 }, 2 * M, { idleMinutes: 2, maxMinutes: 5 })).toBe('idle')
  })
  it('the desk counts down to the earlier of the two ends, and that instant is exactly when the session ends', () => {
    const recent = { startedMs: 0, lastActiveMs: 25 * M }
    expect(counterSessionEndsAtMs(recent, DEFAULT_COUNTER_LIMITS)).toBe(30 * M)
    const idle = { startedMs: 0, lastActiveMs: 5 * M }
    expect(counterSessionEndsAtMs(idle, DEFAULT_COUNTER_LIMITS)).toBe(15 * M)
    for (const s of [recent, idle]) {
      const end = counterSessionEndsAtMs(s, DEFAULT_COUNTER_LIMITS)
      expect(counterSessionEnd(s, end - 1, DEFAULT_COUNTER_LIMITS)).toBeNull()
      expect(counterSessionEnd(s, end, DEFAULT_COUNTER_LIMITS)).not.toBeNull()
    }
  })
})
