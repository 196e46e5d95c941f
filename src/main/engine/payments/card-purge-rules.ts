/** Issue 12 (S16, PCI DSS 3.2.1: keep card data no longer than needed): saved cards unused this long are purged. */
export const DEFAULT_CARD_PURGE_MONTHS = 13

/**
 * The instant `months` calendar months before `now` (UTC; the 31st of a shorter month is its last
 * day): a saved card last used before it is purged.
 */
export function purgeCutoff(now: Date, months: number): Date {
  const d = new Date(now.getTime())
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - months)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d
}

/** What a purge may write about the card: its last 4 digits, never more (the masked number shows the first 6). */
export function last4Of(masked: string): string {
  return masked.slice(-4)
}
