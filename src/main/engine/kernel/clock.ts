/** Time source for every rule with a deadline; tests pass a FakeClock to step across 15:00 exactly. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
