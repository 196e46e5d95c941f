/** How long a customer's counter session may last (configurable: TELLER_COUNTER_IDLE_MINUTES, TELLER_COUNTER_MAX_MINUTES). */
export interface CounterLimits {
  /** Ends after this many minutes without a customer action at the counter. */
  idleMinutes: number
  /** Ends this many minutes after sign-in, however busy. */
  maxMinutes: number
}

export const DEFAULT_COUNTER_LIMITS: CounterLimits = { idleMinutes: 10, maxMinutes: 30 }

const MINUTE_MS = 60_000

/** Why a counter session has ended at `nowMs`, or null while it still runs (each limit ends it at exactly its minute). */
export function counterSessionEnd(s: { startedMs: number; lastActiveMs: number }, nowMs: number, limits: CounterLimits): 'idle' | 'absolute' | null {
  if (nowMs >= s.startedMs + limits.maxMinutes * MINUTE_MS) return 'absolute'
  if (nowMs >= s.lastActiveMs + limits.idleMinutes * MINUTE_MS) return 'idle'
  return null
}

/** When the session ends if nothing more happens: the idle limit or the absolute one, whichever comes first. */
export function counterSessionEndsAtMs(s: { startedMs: number; lastActiveMs: number }, limits: CounterLimits): number {
  return Math.min(s.startedMs + limits.maxMinutes * MINUTE_MS, s.lastActiveMs + limits.idleMinutes * MINUTE_MS)
}
