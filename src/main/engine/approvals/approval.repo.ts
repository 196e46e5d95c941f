import type { ApprovalKind, ApprovalStatus } from '../../../shared/dto'

/** The store port for four-eyes requests (table approval_request, migration 0015). */
export interface ApprovalRow {
  id: string
  kind: ApprovalKind
  /** The action's parameters as JSON, sealed with the key ring (AAD `approval_request.params:<id>`). */
  paramsSealed: string
  makerId: string
  makerWorkstation: string
  /** Sealed (AAD `approval_request.maker_reason:<id>`). */
  makerReasonSealed: string
  createdAt: string
  expiresAt: string
  status: ApprovalStatus
  checkerId: string | null
  checkerWorkstation: string | null
  /** Sealed (AAD `approval_request.checker_reason:<id>`). */
  checkerReasonSealed: string | null
  decidedAt: string | null
  executedAt: string | null
  failure: string | null
}

export interface ApprovalDecision {
  status: 'approved' | 'rejected'
  checkerId: string
  checkerWorkstation: string
  checkerReasonSealed: string
  decidedAt: string
}

export interface ApprovalRepo {
  insert(row: ApprovalRow): Promise<void>
  findById(id: string): Promise<ApprovalRow | null>
  /** Pending requests not yet expired at `nowIso`, oldest first. */
  listPending(nowIso: string): Promise<ApprovalRow[]>
  /** Pending requests whose time ran out by `nowIso`. */
  listDue(nowIso: string): Promise<ApprovalRow[]>
  /**
   * Records the decision on a request still pending, unexpired at `nowIso` and not made by the
   * checker (conditional UPDATE; the caller re-reads under the request's lock in one transaction).
   */
  decide(id: string, decision: ApprovalDecision, nowIso: string): Promise<void>
  /** pending and due at `nowIso` → expired. */
  expire(id: string, nowIso: string): Promise<void>
  /** approved → executed or failed (with the error code). */
  finish(id: string, status: 'executed' | 'failed', at: string, failure: string | null): Promise<void>
}
