import { randomUUID } from 'node:crypto'
import type { CustomerLookupDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { SessionKeyService } from '../session-keys/session-keys.service'
import { rollingQuota } from '../staff/staff-quota-rules'
import { iso } from './customer-rules'
import type { CustomerVault } from './customer-vault'

/** Customer lookups one staff member may make (configurable: TELLER_LOOKUP_LIMIT per TELLER_LOOKUP_WINDOW_MINUTES). */
export interface LookupLimits {
  limit: number
  windowMinutes: number
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { limit: 30, windowMinutes: 10 }

/** Uses of staff allowances are kept this long (the longest window: an Almaty day, with margin). */
export const QUOTA_KEEP_MS = 2 * 24 * 60 * 60_000

function phoneOrNull(input: string): string | null {
  try {
    return normaliseKzMobile(input)
  } catch {
    return null
  }
}

/**
 * "Is this phone a customer?" before the customer signs in (insider threat: no browsing of who
 * banks here). It says only registered / not registered / blocked: never the name, the block
 * reason or a lockout. Every lookup is audited; each staff member has a rolling allowance, counted
 * in the store under a per-staff lock, so it is exact across workstations.
 */
export class CustomerLookup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly vault: CustomerVault,
    private readonly keys: Pick<SessionKeyService, 'verifiedUntil'>,
    private readonly audit: AuditService,
    private readonly limits: LookupLimits = DEFAULT_LOOKUP_LIMITS,
  ) {}

  async lookup(phoneInput: string, actor: Actor): Promise<CustomerLookupDto> {
    const nowMs = this.clock.now().getTime()
    const record = (outcome: 'success' | 'failure' | 'denied', customerRef: string | null, details: Record<string, string>) =>
      this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef, action: 'customer.lookup', outcome, details })

    const staffId = actor.staffId
    if (staffId !== null) {
      const windowMs = this.limits.windowMinutes * 60_000
      const decision = await this.uow.transaction([`staff-quota:lookup:${staffId}`], async ({ staffQuota }) => {
        await staffQuota.purgeBefore(iso(nowMs - Math.max(QUOTA_KEEP_MS, windowMs)))
        const d = rollingQuota(await staffQuota.usesSince(staffId, 'lookup', iso(nowMs - windowMs)), this.limits.limit, windowMs)
        if (d.allowed) await staffQuota.add({ id: randomUUID(), staffId, kind: 'lookup', at: iso(nowMs) })
        return d
      })
      if (!decision.allowed) {
        await record('denied', phoneOrNull(phoneInput), { reason: ErrorCode.LOOKUP_LIMIT_REACHED, retryAt: decision.retryAt })
        throw new EngineError(ErrorCode.LOOKUP_LIMIT_REACHED, 'Too many customer lookups in a short time. Please wait a few minutes.', { retryAt: decision.retryAt })
      }
    }

    let phone: string
    try {
      phone = normaliseKzMobile(phoneInput)
    } catch (e) {
      await record('failure', null, { reason: ErrorCode.INVALID_PHONE })
      throw e
    }
    const row = await this.vault.findByPhone(phone)
    const result = !row ? 'not-registered' : row.blocked ? 'blocked' : 'registered'
    await record('success', phone, { result })
    // Verification matters only for a registration, i.e. a phone not registered yet.
    return { phone, registered: row !== null, blocked: row?.blocked ?? false, verifiedUntil: row ? null : await this.keys.verifiedUntil(phone) }
  }
}
