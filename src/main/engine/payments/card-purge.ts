import type { AuditService } from '../audit/audit.service'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { cardsLock } from './card-month-claim'
import { DEFAULT_CARD_PURGE_MONTHS, last4Of, purgeCutoff } from './card-purge-rules'

const BATCH = 200
const DAY_MS = 24 * 60 * 60_000

/**
 * Issue 12 (S16): saved cards unused for `months` are purged, at start and daily: the sealed PAN
 * and fingerprint overwritten (the card 'dropped', out of the list), each purge audited with the
 * customer id and the card's last 4 digits, in the same transaction.
 */
export class CardPurge {
  private timer: ReturnType<typeof setInterval> | null = null
  private running: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly months: number = DEFAULT_CARD_PURGE_MONTHS,
    private readonly workstation: string = '',
  ) {}

  /** How many cards this run purged. */
  async run(): Promise<number> {
    const before = purgeCutoff(this.clock.now(), this.months).toISOString()
    let purged = 0
    for (;;) {
      const rows = await this.uow.repos.cards.findUnusedSince(before, BATCH)
      let round = 0
      for (const card of rows) {
        // Under the customer's card lock: a card used meanwhile (or now needed by a pending payment) stays.
        const done = await this.uow.transaction([cardsLock(card.customerId)], async (tx) => {
          if (!(await tx.cards.drop(card.id, 'saved', before))) return false
          await this.audit.recordIn(tx, {
            actorStaffId: null,
            workstation: this.workstation,
            action: 'card.purged',
            outcome: 'success',
            details: { customerId: card.customerId, cardLast4: last4Of(card.masked), lastUsed: card.lastUsedAt ?? card.createdAt },
          })
          return true
        })
        if (done) round++
      }
      purged += round
      if (rows.length < BATCH || round === 0) return purged
    }
  }

  /** At start and then daily; a failure is logged (its error name only) and the next day tries again. */
  start(log: { warn(message: string, fields: Record<string, unknown>): void }): this {
    const onError = (e: unknown) => log.warn('card purge failed', { errorName: e instanceof Error ? e.name : typeof e })
    const once = () => (this.running = this.running.then(() => this.run()).catch(onError))
    once()
    this.timer = setInterval(once, DAY_MS)
    this.timer.unref()
    return this
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.running
  }
}
