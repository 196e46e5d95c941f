import type { Clock } from '../../src/main/engine/kernel/clock'

/** Test clock: steps across deadlines (15:00 exactly, Almaty midnight) without waiting. */
export class FakeClock implements Clock {
  private t: number
  constructor(start: Date | string = '2026-01-15T09:00:00.000Z') {
    this.t = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.t)
  }
  advance(ms: number): void {
    this.t += ms
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime()
  }
}
