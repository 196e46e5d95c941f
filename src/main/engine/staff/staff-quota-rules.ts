import { almatyDay, almatyDayStart } from '../kernel/almaty-time'

/** Allowed now, or refused until `retryAt` (ISO). */
export type QuotaDecision = { allowed: true } | { allowed: false; retryAt: string }

const DAY_MS = 24 * 60 * 60_000

/**
 * A rolling window: at most `limit` uses in any `windowMs`. `uses` are the instants (ISO, oldest
 * first) of the uses within the window ending now; once full, the next use may come when the
 * oldest of the last `limit` uses leaves the window.
 */
export function rollingQuota(uses: readonly string[], limit: number, windowMs: number): QuotaDecision {
  if (uses.length < limit) return { allowed: true }
  return { allowed: false, retryAt: new Date(Date.parse(uses[uses.length - limit]!) + windowMs).toISOString() }
}

/** When the Almaty calendar day of `nowMs` began (ISO): daily quotas count from there. */
export function almatyDayBegan(nowMs: number): string {
  return almatyDayStart(almatyDay(new Date(nowMs))).toISOString()
}

/** At most `limit` uses per Almaty calendar day; once reached, refused until the next Almaty midnight. */
export function dailyQuota(usedToday: number, limit: number, nowMs: number): QuotaDecision {
  if (usedToday < limit) return { allowed: true }
  return { allowed: false, retryAt: new Date(Date.parse(almatyDayBegan(nowMs)) + DAY_MS).toISOString() }
}
