import { ErrorCode } from '../../../shared/errors'
import type { AuditOutcome } from './audit.repo'

/**
 * Refusals the gate records (issue 14, PCI DSS 10.2.1.4): who was turned away, on which channel and
 * why; never the refused input (it may hold a password, a PAN or a key).
 */

/** Replies that are steps of a flow, not refusals: a four-eyes request waits, an enrolment continues. */
const NOT_REFUSALS: ReadonlySet<string> = new Set<string>([ErrorCode.APPROVAL_PENDING, ErrorCode.STAFF_ENROLMENT_REQUIRED])

/** Access refusals: the caller was not let in (no session, a locked or expired one, a foreign frame, a name not in the contract). */
const ACCESS_REFUSALS: ReadonlySet<string> = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.SESSION_LOCKED,
  ErrorCode.SESSION_EXPIRED,
  ErrorCode.FORBIDDEN_SENDER,
  ErrorCode.UNKNOWN_CHANNEL,
])

/** The outcome a refused call is recorded with, or null when the reply is not a refusal. */
export function refusalOutcome(code: string): AuditOutcome | null {
  if (NOT_REFUSALS.has(code)) return null
  return ACCESS_REFUSALS.has(code) ? 'denied' : 'failure'
}

/**
 * A path segment as recorded: a field name (letters only) or a list index; anything else is `*`.
 * Some keys are the caller's to choose (a payment's parameters): a digit run there may be a card
 * number, so it never reaches the trail.
 */
const segment = (s: string): string => (/^[A-Za-z]{1,32}$/.test(s) || /^\d{1,2}$/.test(s) ? s : '*')

/** The refused field paths of a validation failure, as one detail: names only, at most 10 paths. */
export function refusedFields(paths: readonly string[]): string {
  return [...new Set(paths.map((p) => (p === '' ? '(request)' : p.split('.').map(segment).join('.'))))].slice(0, 10).join(',')
}

/** A channel name as recorded: a name of the contract's shape, or `(unknown)` (a caller's text is not echoed). */
export function channelLabel(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z]{1,32}:[A-Za-z]{1,32}$/.test(name) ? name : '(unknown)'
}

/** One refusal kind per caller is recorded at most once per this many milliseconds; the rest are counted. */
export const REFUSAL_WINDOW_MS = 60_000
/** At most this many callers are told apart; beyond it, new ones share one bucket per workstation. */
export const REFUSAL_KEYS = 1024

/**
 * Keeps refusal auditing from amplifying a flood: the first refusal of a kind (workstation, client,
 * channel, cause) in a window is recorded; the repeats within the window are only counted, and the
 * next recorded refusal of that kind carries how many were coalesced. Memory is bounded: callers
 * beyond REFUSAL_KEYS (the browser shell's client id is the caller's to choose) share one bucket per
 * workstation, after buckets quiet for a whole window are dropped (with their count).
 */
export class RefusalCoalescer {
  private readonly buckets = new Map<string, { since: number; coalesced: number }>()

  constructor(
    private readonly windowMs = REFUSAL_WINDOW_MS,
    private readonly maxKeys = REFUSAL_KEYS,
  ) {}

  /** Null: count it, record nothing. Otherwise record it, with the number coalesced since the last recorded one. */
  admit(key: { workstation: string; clientId: string; channel: string; cause: string }, nowMs: number): { coalesced: number } | null {
    let id = `${key.workstation}\n${key.clientId}\n${key.channel}\n${key.cause}`
    if (!this.buckets.has(id) && this.buckets.size >= this.maxKeys) {
      this.prune(nowMs)
      if (this.buckets.size >= this.maxKeys) id = `${key.workstation}\n*`
    }
    const bucket = this.buckets.get(id)
    if (bucket && nowMs - bucket.since < this.windowMs) {
      bucket.coalesced++
      return null
    }
    this.buckets.delete(id)
    this.buckets.set(id, { since: nowMs, coalesced: 0 })
    return { coalesced: bucket?.coalesced ?? 0 }
  }

  private prune(nowMs: number): void {
    for (const [id, b] of this.buckets) if (nowMs - b.since >= this.windowMs) this.buckets.delete(id)
  }
}
