import { uptime } from 'node:os'
import type { Clock } from './clock'
import { isClockJump } from './trusted-clock-rules'

/**
 * Where the time comes from: the wall clock (can jump), a monotonic clock (cannot, but stops while
 * the machine sleeps) and the time since boot (counts sleep too, to the second).
 */
export interface ClockSources {
  wallMs(): number
  monoNs(): bigint
  bootMs(): number
}

export const systemClockSources: ClockSources = { wallMs: () => Date.now(), monoNs: () => process.hrtime.bigint(), bootMs: () => uptime() * 1000 }

/** Time since boot moves at second resolution: less than this past the monotonic clock is not sleep. */
const SLEEP_GRAIN_MS = 2_000

export interface ClockJump {
  /** How far the wall clock is from trusted time now (positive: ahead). */
  offsetMs: number
  trustedAt: string
  wallAt: string
}

export interface ClockStatus {
  /** Jumps seen since the start. */
  jumps: number
  offsetMs: number
  lastJump: ClockJump | null
}

/**
 * The clock the engine trusts (issue 17): the wall clock read once at start, then moved on by the
 * monotonic clock only, so an NTP correction or a wrong manual change of the wall clock can neither
 * end a lockout early nor stretch a session key past its 15 minutes. Each jump of the wall clock
 * against it is reported once (audited by the engine, shown in the system status).
 */
export class TrustedClock implements Clock {
  private readonly wall0: number
  private readonly mono0: bigint
  private readonly boot0: number
  private offsetMs = 0
  private jumps = 0
  private lastJump: ClockJump | null = null

  constructor(
    private readonly sources: ClockSources = systemClockSources,
    public onJump: ((jump: ClockJump) => void) | null = null,
  ) {
    this.wall0 = sources.wallMs()
    this.mono0 = sources.monoNs()
    this.boot0 = sources.bootMs()
  }

  now(): Date {
    // A workstation that slept (overnight, lid closed) lost no time: the boot clock counts the sleep
    // the monotonic clock missed, and neither follows a change of the wall clock.
    const monoMs = Number((this.sources.monoNs() - this.mono0) / 1_000_000n)
    const slept = this.sources.bootMs() - this.boot0 - monoMs
    const trusted = this.wall0 + monoMs + (slept > SLEEP_GRAIN_MS ? slept : 0)
    const wall = this.sources.wallMs()
    const offset = wall - trusted
    if (isClockJump(this.offsetMs, offset)) {
      this.offsetMs = offset
      this.jumps++
      this.lastJump = { offsetMs: offset, trustedAt: new Date(trusted).toISOString(), wallAt: new Date(wall).toISOString() }
      this.onJump?.(this.lastJump)
    }
    return new Date(trusted)
  }

  status(): ClockStatus {
    this.now()
    return { jumps: this.jumps, offsetMs: this.offsetMs, lastJump: this.lastJump }
  }
}
