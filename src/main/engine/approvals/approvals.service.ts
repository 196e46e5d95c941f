import { randomUUID } from 'node:crypto'
import type { ApprovalDto, ApprovalKind } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { KeyRing } from '../crypto/key-ring'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { decisionRefusal, needsSecondApprover, refusalError, type ApprovalPolicy } from './approval-rules'
import type { ApprovalRow } from './approval.repo'
import type { StaffReauth } from './staff-reauth'

export type ApprovalParams = Record<string, string | null>

/** What the checker's approval runs: the action, as the checker, with the maker's reason. */
export interface ApprovalAction {
  execute(params: ApprovalParams, reason: string, checker: Actor): Promise<unknown>
  /** What the inbox shows of the parameters: never a secret or a hash. */
  summary(params: ApprovalParams): Record<string, string>
}

/** The checker: the signed-in supervisor of this window, or another one re-authenticating at it. */
export interface CheckerCredentials {
  login: string
  password: string
  code?: string
}

export interface DecidingWindow {
  clientId: string
  actor: Actor
}

/** The AAD of an approval's sealed value (also used to re-seal it after a data-key rotation). */
export const approvalAad = (column: string, id: string) => `approval_request.${column}:${id}`
const aad = approvalAad

/**
 * Four-eyes approval (issue 13; PCI DSS v4 7.2 separation of duties): a supervisor's request for a
 * sensitive action is stored (sealed) as pending and survives a restart; a different supervisor
 * approves or rejects it with a reason before it expires; an approval runs the action exactly once.
 * Every step is audited, including a refused self-approval.
 */
export class ApprovalService {
  private readonly actions = new Map<ApprovalKind, ApprovalAction>()

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly audit: AuditService,
    private readonly policy: ApprovalPolicy,
    private readonly reauth: StaffReauth,
  ) {}

  /** Each process registers the actions it can run (the admin CLI runs key rotation). */
  register(kind: ApprovalKind, action: ApprovalAction): void {
    this.actions.set(kind, action)
  }

  needsSecondApprover(kind: ApprovalKind): boolean {
    return needsSecondApprover(kind, this.policy)
  }

  /**
   * Runs `act` at once when one supervisor may do it; otherwise records the request and refuses
   * with APPROVAL_PENDING (nothing changed yet; details name the request).
   */
  async gate<T>(kind: ApprovalKind, params: ApprovalParams, reason: string, maker: Actor, act: () => Promise<T>): Promise<T> {
    if (!this.needsSecondApprover(kind)) return act()
    const dto = await this.request(kind, params, reason, maker)
    throw new EngineError(ErrorCode.APPROVAL_PENDING, 'Awaiting approval by a second supervisor.', { requestId: dto.id, kind })
  }

  async request(kind: ApprovalKind, params: ApprovalParams, reason: string, maker: Actor): Promise<ApprovalDto> {
    if (!maker.staffId) throw new EngineError(ErrorCode.FORBIDDEN, 'A request needs a signed-in supervisor.')
    const nowMs = this.clock.now().getTime()
    const id = randomUUID()
    const row: ApprovalRow = {
      id,
      kind,
      paramsSealed: this.keys.sealField(JSON.stringify(params), aad('params', id)),
      makerId: maker.staffId,
      makerWorkstation: maker.workstation,
      makerReasonSealed: this.keys.sealField(reason.trim(), aad('maker_reason', id)),
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + this.policy.expiryMinutes * 60_000).toISOString(),
      status: 'pending',
      checkerId: null,
      checkerWorkstation: null,
      checkerReasonSealed: null,
      decidedAt: null,
      executedAt: null,
      failure: null,
    }
    await this.uow.transaction([], async (tx) => {
      await tx.approvals.insert(row)
      await this.audit.recordIn(tx, { actorStaffId: maker.staffId, workstation: maker.workstation, action: 'approval.requested', outcome: 'success', details: { requestId: id, kind } })
    })
    return this.view(row, maker.staffId)
  }

  /** A maker who proves who they are here (the admin CLI has no session): a supervisor's password. */
  async requestAs(kind: ApprovalKind, params: ApprovalParams, reason: string, credentials: CheckerCredentials, window: DecidingWindow): Promise<ApprovalDto> {
    return this.request(kind, params, reason, await this.checker(window, credentials))
  }

  /** The inbox: pending requests, oldest first (requests past their time are expired first). */
  async list(viewer: Actor): Promise<ApprovalDto[]> {
    await this.expireDue(viewer)
    const rows = await this.uow.repos.approvals.listPending(this.clock.now().toISOString())
    return Promise.all(rows.map((r) => this.view(r, viewer.staffId)))
  }

  async approve(id: string, reason: string, window: DecidingWindow, credentials?: CheckerCredentials): Promise<ApprovalDto> {
    const checker = await this.checker(window, credentials)
    const row = await this.uow.repos.approvals.findById(id)
    if (row && !this.actions.has(row.kind)) {
      throw new EngineError(ErrorCode.APPROVAL_ELSEWHERE, 'This request is approved where its action runs (the admin CLI for key rotation).')
    }
    const decided = await this.decide(id, 'approved', reason, checker)
    const action = this.actions.get(decided.kind)!
    const params = JSON.parse(this.keys.openField(decided.paramsSealed, aad('params', id))) as ApprovalParams
    const makerReason = this.keys.openField(decided.makerReasonSealed, aad('maker_reason', id))
    const details = { requestId: id, kind: decided.kind, maker: decided.makerId }
    try {
      await action.execute(params, makerReason, checker)
    } catch (e) {
      const failure = e instanceof EngineError ? e.code : 'INTERNAL'
      await this.uow.transaction([`approval:${id}`], async (tx) => {
        await tx.approvals.finish(id, 'failed', this.clock.now().toISOString(), failure)
        await this.audit.recordIn(tx, { actorStaffId: checker.staffId, workstation: checker.workstation, action: 'approval.executed', outcome: 'failure', details: { ...details, failure } })
      })
      throw e
    }
    const at = this.clock.now().toISOString()
    await this.uow.transaction([`approval:${id}`], async (tx) => {
      await tx.approvals.finish(id, 'executed', at, null)
      await this.audit.recordIn(tx, { actorStaffId: checker.staffId, workstation: checker.workstation, action: 'approval.executed', outcome: 'success', details })
    })
    return this.view({ ...decided, status: 'executed', executedAt: at }, window.actor.staffId)
  }

  async reject(id: string, reason: string, window: DecidingWindow, credentials?: CheckerCredentials): Promise<ApprovalDto> {
    const checker = await this.checker(window, credentials)
    const decided = await this.decide(id, 'rejected', reason, checker)
    return this.view(decided, window.actor.staffId)
  }

  /** Expires every pending request whose time ran out (audited once each, whoever notices first). */
  async expireDue(by: Actor): Promise<void> {
    const now = this.clock.now().toISOString()
    for (const row of await this.uow.repos.approvals.listDue(now)) await this.expire(row.id, by)
  }

  private async expire(id: string, by: Actor): Promise<void> {
    await this.uow.transaction([`approval:${id}`], async (tx) => {
      const row = await tx.approvals.findById(id)
      const now = this.clock.now().toISOString()
      if (!row || row.status !== 'pending' || row.expiresAt > now) return
      await tx.approvals.expire(id, now)
      await this.audit.recordIn(tx, { actorStaffId: by.staffId, workstation: by.workstation, action: 'approval.expired', outcome: 'success', details: { requestId: id, kind: row.kind, maker: row.makerId } })
    })
  }

  /** Read-decide-write under the request's lock, the decision audited in the same transaction. */
  private async decide(id: string, status: 'approved' | 'rejected', reason: string, checker: Actor & { staffId: string }): Promise<ApprovalRow> {
    const outcome = await this.uow.transaction([`approval:${id}`], async (tx) => {
      const row = await tx.approvals.findById(id)
      if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'No such request.')
      const nowMs = this.clock.now().getTime()
      const refusal = decisionRefusal(row, checker.staffId, nowMs)
      if (refusal) return { row, refusal }
      const decision = {
        status,
        checkerId: checker.staffId,
        checkerWorkstation: checker.workstation,
        checkerReasonSealed: this.keys.sealField(reason.trim(), aad('checker_reason', id)),
        decidedAt: new Date(nowMs).toISOString(),
      }
      await tx.approvals.decide(id, decision, decision.decidedAt)
      await this.audit.recordIn(tx, { actorStaffId: checker.staffId, workstation: checker.workstation, action: status === 'approved' ? 'approval.approved' : 'approval.rejected', outcome: 'success', details: { requestId: id, kind: row.kind, maker: row.makerId } })
      return { row: { ...row, ...decision }, refusal: null }
    })
    if (!outcome.refusal) return outcome.row
    if (outcome.refusal === 'self') {
      await this.audit.record({ actorStaffId: checker.staffId, workstation: checker.workstation, action: 'approval.selfRefused', outcome: 'denied', details: { requestId: id, kind: outcome.row.kind } })
    }
    if (outcome.refusal === 'expired') await this.expire(id, checker)
    throw refusalError(outcome.refusal)
  }

  private async checker(window: DecidingWindow, credentials?: CheckerCredentials): Promise<Actor & { staffId: string }> {
    const workstation = window.actor.workstation
    if (!credentials) {
      if (!window.actor.staffId) throw new EngineError(ErrorCode.UNAUTHENTICATED, 'Please sign in first.')
      return { staffId: window.actor.staffId, workstation }
    }
    const who = await this.reauth.verify({ clientId: window.clientId, ...credentials, workstation })
    if (who.role !== 'supervisor') {
      await this.audit.record({ actorStaffId: who.staffId, workstation, action: 'approval.decide', outcome: 'denied', details: { refused: 'role' } })
      throw new EngineError(ErrorCode.FORBIDDEN, 'Only a supervisor can approve or reject.')
    }
    return { staffId: who.staffId, workstation }
  }

  private async view(row: ApprovalRow, viewerId: string | null): Promise<ApprovalDto> {
    const login = async (id: string | null) => (id ? ((await this.uow.repos.staff.findById(id))?.login ?? null) : null)
    const params = JSON.parse(this.keys.openField(row.paramsSealed, aad('params', row.id))) as ApprovalParams
    return {
      id: row.id,
      kind: row.kind,
      summary: this.actions.get(row.kind)?.summary(params) ?? {},
      status: row.status,
      makerId: row.makerId,
      makerLogin: await login(row.makerId),
      makerReason: this.keys.openField(row.makerReasonSealed, aad('maker_reason', row.id)),
      makerWorkstation: row.makerWorkstation,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      checkerId: row.checkerId,
      checkerLogin: await login(row.checkerId),
      checkerReason: row.checkerReasonSealed ? this.keys.openField(row.checkerReasonSealed, aad('checker_reason', row.id)) : null,
      decidedAt: row.decidedAt,
      failure: row.failure,
      mine: row.makerId === viewerId,
    }
  }
}
