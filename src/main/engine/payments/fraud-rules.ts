import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'
import type { FraudCaseRow, FraudResolution, FraudStatus } from './fraud.repo'

/** open → investigating → resolved → closed; a case may skip ahead but never go back. */
export const NEXT_STATUS: Readonly<Record<FraudStatus, readonly FraudStatus[]>> = {
  open: ['investigating', 'resolved', 'closed'],
  investigating: ['resolved', 'closed'],
  resolved: ['closed'],
  closed: [],
}

export interface StatusChange {
  resolution: FraudResolution | null
  /** The case's payment to refund if it is still approved (S19), else null. */
  refundPaymentId: string | null
}

/**
 * Whether a case may take this status, with which resolution, and whether its payment is to be
 * refunded. S19: a lost-card case is always resolved in the client's favour, whatever was asked,
 * and it cannot be closed without that resolution and its refund.
 */
export function decideStatusChange(row: Pick<FraudCaseRow, 'status' | 'kind' | 'resolution' | 'paymentId'>, status: FraudStatus, requested: FraudResolution | null): StatusChange {
  if (!NEXT_STATUS[row.status].includes(status)) throw new EngineError(ErrorCode.CONFLICT, `A ${row.status} case cannot become ${status}.`)
  // S19: a lost-card case reaches no terminal status unresolved: closing it resolves it for the client on the way.
  const resolving = status === 'resolved' || (status === 'closed' && row.kind === 'lost-card' && row.status !== 'resolved')
  if (!resolving) return { resolution: row.resolution, refundPaymentId: null }
  const resolution = row.kind === 'lost-card' ? 'client-favour' : requested
  if (!resolution) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Choose in whose favour the case is resolved.', { field: 'resolution' })
  return { resolution, refundPaymentId: resolution === 'client-favour' ? row.paymentId : null }
}
