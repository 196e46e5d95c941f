/**
 * Issue 12: the six-digit pairing code cannot be guessed. A page (customer client id) gets
 * PAIRING_TRIES_PER_PAGE wrong codes; the whole workstation gets PAIRING_TRIES_GLOBAL wrong codes
 * in any PAIRING_COOLING_MS, whatever the page ids (a page that reloads under a new id, or cycles
 * through the codes of several teller windows, is stopped by this cap). Either limit voids every
 * outstanding code (the teller issues a new one) and refuses the page, or every page, for
 * PAIRING_COOLING_MS. So one code sees at most PAIRING_TRIES_GLOBAL guesses out of 1,000,000.
 */
export const PAIRING_TRIES_PER_PAGE = 5
export const PAIRING_TRIES_GLOBAL = 20
export const PAIRING_COOLING_MS = 5 * 60_000

/** Wrong pairing codes, per page and for the workstation, in memory (the codes live there too). */
export class PairingAttempts {
  private readonly pages = new Map<string, { fails: number; lastMs: number; lockedUntilMs: number }>()
  private recent: number[] = []
  private lockedUntilMs = 0

  /** How long this page must still wait before presenting a code (0: it may now). */
  lockedMs(page: string, nowMs: number): number {
    this.prune(nowMs)
    const own = this.pages.get(page)?.lockedUntilMs ?? 0
    return Math.max(0, Math.max(own, this.lockedUntilMs) - nowMs)
  }

  /** A wrong code from this page; true when a limit is reached and the outstanding codes must be voided. */
  failed(page: string, nowMs: number): boolean {
    this.prune(nowMs)
    const p = this.pages.get(page) ?? { fails: 0, lastMs: nowMs, lockedUntilMs: 0 }
    p.fails++
    p.lastMs = nowMs
    this.pages.set(page, p)
    this.recent.push(nowMs)
    let limit = false
    if (p.fails >= PAIRING_TRIES_PER_PAGE) {
      p.lockedUntilMs = nowMs + PAIRING_COOLING_MS
      p.fails = 0
      limit = true
    }
    if (this.recent.length >= PAIRING_TRIES_GLOBAL) {
      this.lockedUntilMs = nowMs + PAIRING_COOLING_MS
      this.recent = []
      limit = true
    }
    return limit
  }

  /** Forgets what is older than the cooling period, so the map cannot grow with page ids. */
  private prune(nowMs: number): void {
    this.recent = this.recent.filter((t) => nowMs - t < PAIRING_COOLING_MS)
    for (const [page, p] of this.pages) if (nowMs - p.lastMs >= PAIRING_COOLING_MS && p.lockedUntilMs <= nowMs) this.pages.delete(page)
  }
}
