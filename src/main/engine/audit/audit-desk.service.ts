import type { AuditCheckpointStatusDto, AuditDayCountDto, AuditPageDto, AuditVerifyDto, CustomerSessionDto } from '../../../shared/dto'
import type { Window } from '../counter/counter-desk.service'
import type { Actor } from '../kernel/actor'
import { almatyDay } from '../kernel/almaty-time'
import type { Clock } from '../kernel/clock'
import type { AuditFilters, AuditReview } from './audit-review'
import { tellerViewDetails } from './audit-review-rules'
import type { WitnessedCheckpoint } from './audit-verify'
import { checkpointStatusDto, type LatestWitnessed } from './audit-checkpoint-status'
import { verifyDto, type CheckpointCoverage } from './audit-verify-status'
import { channelLabel, RefusalCoalescer, refusalOutcome, refusedFields } from './audit-refusal-rules'
import type { AuditService } from './audit.service'

/** A teller's page of events: each event's details as a teller may read them. */
const tellerView = (page: AuditPageDto): AuditPageDto => ({ ...page, rows: page.rows.map((r) => ({ ...r, details: tellerViewDetails(r.action, r.details) })) })

/** How many events a teller's view shows: a day at one window, not a review. */
export const TELLER_VIEW_ROWS = 100

/**
 * The audit trail as supervisors use it, and the two narrow views a teller has. Reading the trail is itself recorded (PCI DSS 10.2.1.3):
 * which filters, not what was found; so are integrity checks, exports and refused calls (10.2.1.4).
 */
export class AuditDesk {
  private readonly refusals = new RefusalCoalescer()

  constructor(
    private readonly audit: AuditService,
    private readonly review: AuditReview,
    private readonly clock: Clock,
    /** The customer signed in at a window's counter (the counter desk); refuses when there is none. */
    private readonly customerAt: (window: Window) => Promise<CustomerSessionDto>,
    /** Branch mode: the workstation chains a witnessed checkpoint covers (checkpointCoverage over the configured witness). */
    private readonly coverage: (cp: WitnessedCheckpoint) => Promise<CheckpointCoverage | null> = () => Promise.resolve(null),
    /** The witness's latest checkpoint signed by this store's key, read from its end (latestWitnessed over the configured witness). */
    private readonly latest: () => Promise<LatestWitnessed> = () => Promise.resolve({ witness: 'none' }),
  ) {}

  /**
   * A teller's own actions today (Almaty day), newest first. The filter is fixed here, not taken
   * from the caller: a teller sees no one else's actions (PCI DSS 10.3.1, access by job need).
   */
  async ownDay(actor: Actor): Promise<AuditPageDto> {
    if (!actor.staffId) return { rows: [], nextCursor: null }
    const page = tellerView(await this.review.search({ staffId: actor.staffId, from: almatyDay(this.clock.now()) }, null, TELLER_VIEW_ROWS))
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'audit.search', outcome: 'success', details: { scope: 'own-day' } })
    return page
  }

  /** The history of the customer signed in at this window, and of no one else. */
  async customerAtCounter(window: Window): Promise<AuditPageDto> {
    const customer = await this.customerAt(window)
    const page = tellerView(await this.review.search({ phone: customer.phone }, null, TELLER_VIEW_ROWS))
    await this.audit.record({
      actorStaffId: window.actor.staffId,
      workstation: window.actor.workstation,
      customerRef: customer.phone,
      action: 'audit.search',
      outcome: 'success',
      details: { scope: 'customer-at-counter' },
    })
    return page
  }

  async search(filters: AuditFilters, cursor: string | null | undefined, limit: number | undefined, actor: Actor): Promise<AuditPageDto> {
    const page = await this.review.search(filters, cursor, limit)
    // One event per search, not per page: the next pages of the same search are the same reading.
    if (!cursor) {
      await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'audit.search', outcome: 'success', details: { filters: JSON.stringify(filters) } })
    }
    return page
  }

  /** The walk, its checkpoint status (age, chains covered, a witness failure) for the screen and the admin CLI, then its own event. */
  async verify(actor: Actor): Promise<AuditVerifyDto> {
    const result = await this.audit.verifyChain()
    const dto = verifyDto(result, this.clock.now(), result.checkpoint ? await this.coverage(result.checkpoint) : null, this.audit.witnessError)
    const checkpoint = dto.checkpoint
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      action: 'audit.verify',
      outcome: result.ok ? 'success' : 'failure',
      details: {
        ...(result.ok ? { count: result.count } : { brokenAt: result.brokenAt, reason: result.reason }),
        checkpointSize: checkpoint?.size ?? null,
      },
    })
    return dto
  }

  /** The checkpoint status as the audit screen opens, without walking the trail (issue 14); the reading is recorded. */
  async checkpointStatus(actor: Actor): Promise<AuditCheckpointStatusDto> {
    const latest = await this.latest()
    const dto = checkpointStatusDto(latest, this.clock.now(), this.audit.witnessError)
    const checkpointSize = dto.witness === 'read' ? (dto.checkpoint?.size ?? null) : null
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      action: 'audit.checkpoint',
      outcome: latest.witness === 'unreadable' ? 'failure' : 'success',
      details: latest.witness === 'unreadable' ? { checkpointSize, reason: latest.kind } : { checkpointSize },
    })
    return dto
  }

  async exportCsv(filters: AuditFilters, actor: Actor): Promise<{ fileName: string; csv: string; rows: number }> {
    const out = await this.review.exportCsv(filters, this.clock.now())
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'audit.export', outcome: 'success', details: { rows: out.rows } })
    return out
  }

  /** Counts per day are a reading of the trail too (which filters, not what was found). */
  async perDay(filters: AuditFilters, actor: Actor): Promise<AuditDayCountDto[]> {
    const days = await this.review.perDay(filters)
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'audit.search', outcome: 'success', details: { scope: 'per-day', filters: JSON.stringify(filters) } })
    return days
  }

  /**
   * A call the gate refused (issue 14): no session or a locked one, a foreign frame, an unknown
   * channel, invalid input, or a refusal from the engine. The channel, the cause and the refused
   * field paths, never the input. Repeats are coalesced (RefusalCoalescer): a flood of refused
   * calls costs one event per kind and caller a minute.
   */
  async refused(e: { clientId: string; workstation: string; staffId: string | null; channel: string; cause: string; fields?: string }): Promise<void> {
    const outcome = refusalOutcome(e.cause)
    if (!outcome) return
    const channel = channelLabel(e.channel)
    const admitted = this.refusals.admit({ ...e, channel }, this.clock.now().getTime())
    if (!admitted) return
    await this.audit.record({
      actorStaffId: e.staffId,
      workstation: e.workstation,
      action: 'access.refused',
      outcome,
      details: { channel, cause: e.cause, ...(e.fields !== undefined ? { fields: refusedFields(e.fields.split(',')) } : {}), ...(admitted.coalesced ? { coalesced: admitted.coalesced } : {}) },
    })
  }

  /** A signed-in staff member called a channel their role may not: the channel, never the payload. */
  async denied(actor: Actor, channel: string): Promise<void> {
    await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'access.denied', outcome: 'denied', details: { channel } })
  }
}
