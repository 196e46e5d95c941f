import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import type { FraudCaseRow, FraudStatus } from '../../../src/main/engine/payments/fraud.repo'
import { decideStatusChange } from '../../../src/main/engine/payments/fraud-rules'

type Case = Pick<FraudCaseRow, 'status' | 'kind' | 'resolution' | 'paymentId'>
const open: Case = { status: 'open', kind: 'unauthorised', resolution: null, paymentId: 'p-1' }

describe('fraud case status (S19, S20)', () => {
  it('moves forward only: open → investigating → resolved → closed, skipping ahead allowed', () => {
    const allowed: [FraudStatus, FraudStatus][] = [['open', 'investigating'], ['open', 'resolved'], ['open', 'closed'], ['investigating', 'resolved'], ['investigating', 'closed'], ['resolved', 'closed']]
    for (const [from, to] of allowed) expect(() => decideStatusChange({ ...open, status: from }, to, 'bank-favour')).not.toThrow()
    const refused: [FraudStatus, FraudStatus][] = [['open', 'open'], ['investigating', 'open'], ['investigating', 'investigating'], ['resolved', 'investigating'], ['resolved', 'resolved'], ['closed', 'open'], ['closed', 'closed']]
    for (const [from, to] of refused) {
      expect(() => decideStatusChange({ ...open, status: from }, to, 'bank-favour')).toThrow(expect.objectContaining({ code: ErrorCode.CONFLICT, message: `A ${from} case cannot become ${to}.` }))
    }
  })

  it('a status other than resolved keeps the resolution it had and refunds nothing', () => {
    expect(decideStatusChange(open, 'investigating', 'client-favour')).toEqual({ resolution: null, refundPaymentId: null })
    expect(decideStatusChange({ ...open, status: 'resolved', resolution: 'client-favour' }, 'closed', null)).toEqual({ resolution: 'client-favour', refundPaymentId: null })
  })

  it('resolving needs a side to be chosen', () => {
    expect(() => decideStatusChange(open, 'resolved', null)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: { field: 'resolution' } }))
  })

  it('in the client\'s favour the case\'s payment is refunded; in the bank\'s it is not', () => {
    expect(decideStatusChange(open, 'resolved', 'client-favour')).toEqual({ resolution: 'client-favour', refundPaymentId: 'p-1' })
    expect(decideStatusChange(open, 'resolved', 'bank-favour')).toEqual({ resolution: 'bank-favour', refundPaymentId: null })
    expect(decideStatusChange({ ...open, paymentId: null }, 'resolved', 'client-favour')).toEqual({ resolution: 'client-favour', refundPaymentId: null })
  })

  it('S19: a lost card is always resolved in the client\'s favour, even when the bank\'s side (or none) is asked', () => {
    const lost: Case = { ...open, kind: 'lost-card' }
    expect(decideStatusChange(lost, 'resolved', 'bank-favour')).toEqual({ resolution: 'client-favour', refundPaymentId: 'p-1' })
    expect(decideStatusChange(lost, 'resolved', null)).toEqual({ resolution: 'client-favour', refundPaymentId: 'p-1' })
  })

  it('S19: a lost-card case cannot reach a terminal status without the client-favour resolution and the refund: closing it unresolved resolves it so', () => {
    const lost: Case = { ...open, kind: 'lost-card' }
    expect(decideStatusChange(lost, 'closed', null)).toEqual({ resolution: 'client-favour', refundPaymentId: 'p-1' })
    expect(decideStatusChange({ ...lost, status: 'investigating' }, 'closed', 'bank-favour')).toEqual({ resolution: 'client-favour', refundPaymentId: 'p-1' })
    // Already resolved (and refunded then): closing only closes.
    expect(decideStatusChange({ ...lost, status: 'resolved', resolution: 'client-favour' }, 'closed', null)).toEqual({ resolution: 'client-favour', refundPaymentId: null })
    // Other kinds may still be closed without a resolution (e.g. reported by mistake).
    expect(decideStatusChange(open, 'closed', null)).toEqual({ resolution: null, refundPaymentId: null })
  })
})
