import { describe, expect, it } from 'vitest'
import { TrustedClock } from '../../../src/main/engine/kernel/trusted-clock'
import { isClockJump } from '../../../src/main/engine/kernel/trusted-clock-rules'

/** Wall clock and monotonic clock under the test's control. */
function sources(startIso = '2026-03-10T04:00:00.000Z') {
  const s = { wall: Date.parse(startIso), mono: 5_000_000_000n, boot: 100_000 }
  return {
    s,
    src: { wallMs: () => s.wall, monoNs: () => s.mono, bootMs: () => s.boot },
    advance(ms: number) {
      s.wall += ms
      s.mono += BigInt(ms) * 1_000_000n
      s.boot += ms
    },
    /** The machine sleeps: wall and boot clocks go on, the monotonic clock stops. */
    sleep(ms: number) {
      s.wall += ms
      s.boot += ms
    },
    jump(ms: number) {
      s.wall += ms
    },
  }
}

describe('TrustedClock: time from the monotonic clock, anchored at the wall clock of the start', () => {
  it('follows real elapsed time and ignores wall-clock jumps, reporting each jump once', () => {
    const f = sources()
    const jumps: number[] = []
    const clock = new TrustedClock(f.src, (j) => jumps.push(j.offsetMs))
    f.advance(10 * 60_000)
    expect(clock.now().toISOString()).toBe('2026-03-10T04:10:00.000Z')
    f.jump(3600_000) // NTP correction or a wrong manual change: +1 hour
    expect(clock.now().toISOString()).toBe('2026-03-10T04:10:00.000Z')
    expect(clock.now().toISOString()).toBe('2026-03-10T04:10:00.000Z')
    expect(jumps).toEqual([3600_000])
    f.jump(-2 * 3600_000) // and back by two
    f.advance(1000)
    expect(clock.now().toISOString()).toBe('2026-03-10T04:10:01.000Z')
    expect(jumps).toEqual([3600_000, -3600_000])
    expect(clock.status()).toMatchObject({ jumps: 2, offsetMs: -3600_000, lastJump: { offsetMs: -3600_000, trustedAt: '2026-03-10T04:10:01.000Z', wallAt: '2026-03-10T03:10:01.000Z' } })
  })

  it('a workstation that slept keeps real time: the sleep counts, and it is no jump', () => {
    const f = sources()
    const jumps: number[] = []
    const clock = new TrustedClock(f.src, (j) => jumps.push(j.offsetMs))
    f.advance(60_000)
    f.sleep(8 * 3600_000) // overnight, lid closed
    f.advance(1000)
    expect(clock.now().toISOString()).toBe('2026-03-10T12:01:01.000Z')
    expect(jumps).toEqual([])
    // A wall-clock change while asleep is still a jump, and still ignored.
    f.sleep(3600_000)
    f.jump(3600_000)
    expect(clock.now().toISOString()).toBe('2026-03-10T13:01:01.000Z')
    expect(jumps).toEqual([3600_000])
  })

  it('drift within the tolerance (NTP slewing) is not a jump', () => {
    expect(isClockJump(0, 30_000)).toBe(false)
    expect(isClockJump(0, -119_999)).toBe(false)
    expect(isClockJump(0, 120_001)).toBe(true)
    expect(isClockJump(3600_000, 3600_000 + 5_000)).toBe(false)
  })
})
