import { ErrorCode } from '../../../shared/errors'
import type { SessionKeyPurposeRow, SessionKeyRow, SessionKeyState } from './session-key.repo'

/** S9: a session key is valid for 15 minutes. */
export const SESSION_KEY_TTL_MS = 15 * 60_000
/** A resend of the same kind of key waits 60 seconds (SMS-bombing guard). */
export const RESEND_COOLDOWN_MS = 60_000
/** At most 5 unconfirmed keys per phone in any rolling hour. */
export const MAX_KEYS_PER_HOUR = 5
/** At most 3 wrong entries per key; the 3rd wrong entry spends the key. */
export const MAX_WRONG_ENTRIES = 3

export const HOUR_MS = 60 * 60_000
/** Keys older than a day are of no use to anyone. */
export const KEEP_MS = 24 * HOUR_MS

export const iso = (ms: number): string => new Date(ms).toISOString()

export type Details = Record<string, string | number | boolean | null>

/** Why a key was not accepted: the code, the engine's English fallback text and safe details. */
export interface Refusal {
  code: ErrorCode
  message: string
  details?: Details
}

export type IssueRefusalCode =
  | typeof ErrorCode.RESEND_TOO_SOON
  | typeof ErrorCode.KEY_LIMIT_REACHED
  | typeof ErrorCode.SMS_PHONE_QUOTA_REACHED
  | typeof ErrorCode.SMS_STAFF_QUOTA_REACHED

export type IssueDecision = { refused: null } | { refused: IssueRefusalCode; retryAt: string }

/**
 * May another key of this purpose go to the phone now? `lastHour` is the phone's keys created in
 * the last hour, oldest first, including those the SMS gateway could not take (`unsent`): they
 * count toward the cap (an operator that times out may still have delivered), but start no
 * cooldown (the customer surely did not get them).
 */
export function decideIssue(lastHour: readonly Pick<SessionKeyRow, 'purpose' | 'state' | 'createdAt'>[], purpose: SessionKeyPurposeRow, nowMs: number): IssueDecision {
  const lastSame = lastHour.filter((k) => k.purpose === purpose && k.state !== 'unsent').at(-1)
  // A resend is a new key while the previous one of the same kind is still unused.
  if (lastSame && lastSame.state !== 'used') {
    const retryAt = Date.parse(lastSame.createdAt) + RESEND_COOLDOWN_MS
    if (retryAt > nowMs) return { refused: ErrorCode.RESEND_TOO_SOON, retryAt: iso(retryAt) }
  }
  // The cap guards against SMS flooding: keys the customer entered correctly prove they are
  // at the counter, so only unconfirmed keys count (a customer may pay six bills in an hour).
  // Keys the operator never took flooded no one: an outage of a few minutes must not keep the
  // customer waiting an hour once the operator is back (issue 17). They count toward the daily
  // quotas instead (issue 12), which bound how many keys anyone can try to send.
  const unconfirmed = lastHour.filter((k) => k.state !== 'used' && k.state !== 'unsent')
  if (unconfirmed.length >= MAX_KEYS_PER_HOUR) {
    const oldest = unconfirmed[unconfirmed.length - MAX_KEYS_PER_HOUR]!
    return { refused: ErrorCode.KEY_LIMIT_REACHED, retryAt: iso(Date.parse(oldest.createdAt) + HOUR_MS) }
  }
  return { refused: null }
}

const ISSUE_REFUSAL_MESSAGES: Record<IssueRefusalCode, string> = {
  RESEND_TOO_SOON: 'A session key was sent less than a minute ago. Please wait before sending another.',
  KEY_LIMIT_REACHED: 'Too many session keys were sent to this phone in the last hour. Please try later.',
  SMS_PHONE_QUOTA_REACHED: 'This phone has received the most session-key SMS allowed for one day. Please try tomorrow.',
  SMS_STAFF_QUOTA_REACHED: 'You have sent the most session-key SMS allowed for one staff member today.',
}

export function issueRefusalMessage(code: IssueRefusalCode): string {
  return ISSUE_REFUSAL_MESSAGES[code]
}

/** A fresh active key created now, valid for 15 minutes. */
export function newKeyRow(key: Pick<SessionKeyRow, 'id' | 'phoneIndex' | 'purpose' | 'binding' | 'codeMac'>, nowMs: number): SessionKeyRow {
  return {
    ...key,
    createdAt: iso(nowMs),
    expiresAt: iso(nowMs + SESSION_KEY_TTL_MS),
    wrongAttempts: 0,
    state: 'active',
    usedAt: null,
  }
}

/** S9: valid while now is before created + 15:00; at exactly 15:00 it has expired. */
export function isStillValid(key: Pick<SessionKeyRow, 'expiresAt'>, nowMs: number): boolean {
  return nowMs < Date.parse(key.expiresAt)
}

export const EXPIRED: Refusal = { code: ErrorCode.SESSION_KEY_EXPIRED, message: 'The session key has expired. Send a new one.' }
const SPENT: Refusal = { code: ErrorCode.SESSION_KEY_SPENT, message: 'This session key can no longer be used. Send a new one.' }

/** No active key: the newest key that reached the phone says why (expired, else spent). */
export function noActiveKeyRefusal(newestSentState: SessionKeyState | null): Refusal {
  return newestSentState === 'expired' ? EXPIRED : SPENT
}

export interface WrongEntry {
  wrongAttempts: number
  /** The 3rd wrong entry spends the key. */
  exhausted: boolean
  refusal: Refusal
}

/** A wrong code, or a key sent for another operation, counts as a wrong entry. */
export function wrongEntry(wrongAttemptsBefore: number, bindingOk: boolean): WrongEntry {
  const wrongAttempts = wrongAttemptsBefore + 1
  const exhausted = wrongAttempts >= MAX_WRONG_ENTRIES
  const attemptsLeft = MAX_WRONG_ENTRIES - wrongAttempts
  const refusal: Refusal = !bindingOk
    ? {
        code: ErrorCode.SESSION_KEY_OTHER_OPERATION,
        message: 'This session key was sent for a different operation. Send a new one for this operation.',
        details: { attemptsLeft },
      }
    : exhausted
      ? { code: ErrorCode.SESSION_KEY_SPENT, message: 'Wrong session key entered 3 times. Send a new one.', details: { attemptsLeft: 0 } }
      : { code: ErrorCode.SESSION_KEY_INVALID, message: 'Wrong session key. Check the SMS and try again.', details: { attemptsLeft } }
  return { wrongAttempts, exhausted, refusal }
}

/** S5.1: a verification counts for registration for 15 minutes after the key was entered. */
export function verifiedUntil(usedAt: string | null, nowMs: number): string | null {
  if (!usedAt) return null
  const until = Date.parse(usedAt) + SESSION_KEY_TTL_MS
  return until > nowMs ? iso(until) : null
}
