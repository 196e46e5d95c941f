import { describe, expect, it } from 'vitest'
import { channelLabel, RefusalCoalescer, refusalOutcome, refusedFields } from '../../../src/main/engine/audit/audit-refusal-rules'
import { ErrorCode } from '../../../src/shared/errors'

describe('refusal rules (issue 14)', () => {
  it('access refusals are denied, engine refusals failures; a four-eyes request and an enrolment step are not refusals', () => {
    expect(refusalOutcome(ErrorCode.UNAUTHENTICATED)).toBe('denied')
    expect(refusalOutcome(ErrorCode.SESSION_LOCKED)).toBe('denied')
    expect(refusalOutcome(ErrorCode.FORBIDDEN_SENDER)).toBe('denied')
    expect(refusalOutcome(ErrorCode.UNKNOWN_CHANNEL)).toBe('denied')
    expect(refusalOutcome(ErrorCode.VALIDATION_FAILED)).toBe('failure')
    expect(refusalOutcome(ErrorCode.CARD_FOREIGN)).toBe('failure')
    expect(refusalOutcome(ErrorCode.APPROVAL_PENDING)).toBeNull()
    expect(refusalOutcome(ErrorCode.STAFF_ENROLMENT_REQUIRED)).toBeNull()
  })

  it('field paths keep names and indexes only: a card number used as a key becomes *', () => {
    expect(refusedFields(['', 'card.pan', 'params.4400430000001237', 'items.3', 'a.b c'])).toBe('(request),card.pan,params.*,items.3,a.*')
    expect(refusedFields(Array.from({ length: 30 }, (_, i) => 'abcdefghijklmnopqrstuvwxyzABCDEF'.slice(0, i + 1))).split(',')).toHaveLength(10)
  })

  it('a channel name is echoed only in the contract shape', () => {
    expect(channelLabel('customer:lookup')).toBe('customer:lookup')
    expect(channelLabel('evil:4400430000001237')).toBe('(unknown)')
    expect(channelLabel(42)).toBe('(unknown)')
  })

  it('coalesces repeats within the window, reports their count with the next, and bounds the callers it tells apart', () => {
    const c = new RefusalCoalescer(60_000, 3)
    const k = { workstation: 'ws', clientId: 'a', channel: 'x:y', cause: 'UNAUTHENTICATED' }
    expect(c.admit(k, 0)).toEqual({ coalesced: 0 })
    for (let i = 1; i <= 5; i++) expect(c.admit(k, i * 1000)).toBeNull()
    expect(c.admit({ ...k, cause: 'VALIDATION_FAILED' }, 6000)).toEqual({ coalesced: 0 })
    expect(c.admit(k, 60_000)).toEqual({ coalesced: 5 })
    // Beyond the bound, new callers share one bucket per workstation.
    expect(c.admit({ ...k, clientId: 'b' }, 61_000)).toEqual({ coalesced: 0 })
    expect(c.admit({ ...k, clientId: 'c' }, 61_000)).toEqual({ coalesced: 0 })
    expect(c.admit({ ...k, clientId: 'd' }, 61_000)).toBeNull()
    // Once buckets have been quiet for a window, they make room again.
    expect(c.admit({ ...k, clientId: 'e' }, 200_000)).toEqual({ coalesced: 0 })
  })
})
