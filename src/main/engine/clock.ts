/** Time source for every rule with a deadline; tests pass a FakeClock to step across 15:00 exactly. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

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
