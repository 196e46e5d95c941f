import { randomUUID } from 'node:crypto'
import type { DataSource, EntityManager } from 'typeorm'
import type { PaymentIntentDto, PaymentReceiptDto, SavedCardDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { CardEntity, type CardRow } from '../../store/entities/card.entity'
import { PaymentEntity, type PaymentRow } from '../../store/entities/payment.entity'
import { almatyDay } from '../kernel/almaty-time'
import type { AuditService } from '../audit/audit.service'
import type { CustomerVault } from '../customers/customer-vault'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { SerialQueue } from '../../store/serial-queue'
import { lockFor, sql } from '../../store/dialect'
import type { Actor } from '../kernel/actor'
import type { OperationToConfirm, TransactionConfirmations } from '../session-keys/transaction-confirmation'
import type { ProviderCatalog } from './catalog'
import { assertNotExpired, maskPan, type CardVault, type CheckedCard, type NewCardInput } from './card-vault'
import type { AuthorizeResult, PaymentHost } from './payment-host'

/** S15.3: at most 3 distinct cards per customer per calendar month (Asia/Almaty). */
export const MAX_CARDS_PER_MONTH = 3
const INTENT_TTL_MS = 15 * 60_000

export interface PaymentCustomer {
  customerId: string
  phone: string
}

export interface StartPayment {
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  card: ({ kind: 'new' } & NewCardInput) | { kind: 'saved'; cardId: string }
}

interface Intent {
  id: string
  customer: PaymentCustomer
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  fingerprint: string
  brand: string
  masked: string
  newCard: CheckedCard | null
  savedCardId: string | null
  /** First payment only: the CVV, in memory, zeroed after the authorisation call or on expiry. */
  cvv: Buffer | null
  op: OperationToConfirm
  createdAt: number
  inflight: Promise<PaymentReceiptDto> | null
}

export function monthOf(instant: Date): string {
  return almatyDay(instant).slice(0, 7)
}

/** The first day of the next calendar month in Almaty: when the 3-card count starts again. */
export function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/**
 * Card payments (S14, S15, S18): first payment with a new card, repeat payment with a saved card,
 * each confirmed by a session key bound to that payment, counted against the 3-cards-a-month
 * limit atomically, and sent to the host once per idempotency key.
 */
export class PaymentService {
  private readonly intents = new Map<string, Intent>()

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queue: SerialQueue,
    private readonly vault: CardVault,
    private readonly host: PaymentHost,
    private readonly confirmations: TransactionConfirmations,
    private readonly catalog: ProviderCatalog,
    private readonly audit: AuditService,
    private readonly customers: CustomerVault,
  ) {}

  cards(customerId: string): Promise<SavedCardDto[]> {
    return this.vault.list(customerId)
  }

  /** Fingerprints of the distinct cards a customer used in a calendar month (S15.3). */
  private async cardsUsed(q: DataSource | EntityManager, customerId: string, month: string): Promise<string[]> {
    const rows = (await sql(q, `SELECT fingerprint FROM card_month_use WHERE customer_id = ? AND month = ?`, [customerId, month])) as { fingerprint: string }[]
    return rows.map((r) => r.fingerprint)
  }

  private async distinctCardsThisMonth(customerId: string, fingerprint: string): Promise<{ count: number; includes: boolean }> {
    const used = await this.cardsUsed(this.ds, customerId, monthOf(this.clock.now()))
    return { count: used.length, includes: used.includes(fingerprint) }
  }

  private limitError(): EngineError {
    const resetsOn = nextMonthStart(monthOf(this.clock.now()))
    return new EngineError(ErrorCode.CARD_LIMIT_REACHED, `This customer has already used 3 different cards this month. The limit resets on ${resetsOn}.`, {
      resetsOn,
      limit: MAX_CARDS_PER_MONTH,
    })
  }

  /** Drops intents older than 15 minutes and zeroes their CVVs (also run on a timer by the engine). */
  sweep(): void {
    const now = this.clock.now().getTime()
    for (const [id, intent] of this.intents) {
      if (now - intent.createdAt > INTENT_TTL_MS && !intent.inflight) {
        intent.cvv?.fill(0)
        this.intents.delete(id)
      }
    }
  }

  /** Steps a-e of S14: checks everything, then sends the session key bound to this payment (S15.2). */
  async start(customer: PaymentCustomer, req: StartPayment, actor: Actor): Promise<PaymentIntentDto> {
    this.sweep()
    const { provider, params } = this.catalog.check(req.providerId, req.params, req.amountTiyn)
    let newCard: CheckedCard | null = null
    let saved: CardRow | null = null
    let cvv: Buffer | null = null
    if (req.card.kind === 'new') {
      newCard = this.vault.checkNewCard(req.card, this.clock.now())
      cvv = Buffer.from(req.card.cvv, 'utf8')
    } else {
      saved = await this.vault.get(customer.customerId, req.card.cardId)
      assertNotExpired(saved.expMonth, saved.expYear, this.clock.now())
    }
    try {
      return await this.prepare(customer, req, provider, params, newCard, saved, cvv, actor)
    } catch (e) {
      cvv?.fill(0) // S16: a refused or failed start keeps no CVV
      throw e
    }
  }

  private async prepare(
    customer: PaymentCustomer,
    req: StartPayment,
    provider: ReturnType<ProviderCatalog['check']>['provider'],
    params: Record<string, string>,
    newCard: CheckedCard | null,
    saved: CardRow | null,
    cvv: Buffer | null,
    actor: Actor,
  ): Promise<PaymentIntentDto> {
    const fingerprint = newCard ? await this.vault.fingerprint(newCard.pan) : saved!.fingerprint
    const used = await this.distinctCardsThisMonth(customer.customerId, fingerprint)
    if (!used.includes && used.count >= MAX_CARDS_PER_MONTH) {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: customer.phone,
        action: 'payment.start',
        outcome: 'denied',
        details: { reason: ErrorCode.CARD_LIMIT_REACHED },
      })
      throw this.limitError()
    }
    const id = randomUUID()
    const op: OperationToConfirm = {
      kind: 'payment',
      amountTiyn: req.amountTiyn,
      currency: 'KZT',
      payee: `${provider.id}:${JSON.stringify(params)}`,
      cardFingerprint: fingerprint,
    }
    const masked = newCard ? maskPan(newCard.pan) : saved!.masked
    const keySent = await this.confirmations.request(customer.phone, op, actor, `${provider.name.ru}, ${masked.slice(-4)}`)
    const intent: Intent = {
      id,
      customer,
      providerId: provider.id,
      params,
      amountTiyn: req.amountTiyn,
      fingerprint,
      brand: newCard ? newCard.brand : saved!.brand,
      masked,
      newCard,
      savedCardId: saved?.id ?? null,
      cvv,
      op,
      createdAt: this.clock.now().getTime(),
      inflight: null,
    }
    // A newer intent's key supersedes the older one's: drop older intents of this customer.
    for (const [otherId, other] of this.intents) {
      if (other.customer.customerId === customer.customerId && !other.inflight) {
        other.cvv?.fill(0)
        this.intents.delete(otherId)
      }
    }
    this.intents.set(id, intent)
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: customer.phone,
      action: 'payment.start',
      outcome: 'success',
      details: { intentId: id, providerId: provider.id, amountTiyn: req.amountTiyn, card: masked, cardKind: req.card.kind },
    })
    return {
      intentId: id,
      providerId: provider.id,
      params,
      amountTiyn: req.amountTiyn,
      cardMasked: masked,
      brand: intent.brand,
      cardsThisMonth: used.includes ? used.count : used.count + 1,
      keySent,
    }
  }

  /**
   * Step f: the session key, then the charge. A second submission of the same intent (double
   * click, retry) gets the first one's result; the host sees one idempotency key per intent.
   */
  async confirm(customer: PaymentCustomer, intentId: string, code: string, actor: Actor): Promise<PaymentReceiptDto> {
    const done = await this.ds.getRepository(PaymentEntity).findOne({ where: { idempotencyKey: intentId, customerId: customer.customerId } })
    if (done) return this.receipt(done)
    const intent = this.intents.get(intentId)
    if (!intent || intent.customer.customerId !== customer.customerId) {
      throw new EngineError(ErrorCode.PAYMENT_NOT_FOUND, 'This payment was not found or has expired. Start it again.')
    }
    if (intent.inflight) return intent.inflight
    intent.inflight = this.execute(intent, code, actor)
    try {
      return await intent.inflight
    } catch (e) {
      // A wrong key leaves the intent open for another try (within the key's own limits).
      intent.inflight = null
      throw e
    }
  }

  /**
   * S15.3, the decision itself: counts this card for the customer's Almaty month, or refuses a 4th
   * distinct card. One decision at a time per customer, across workstations in branch mode.
   */
  private async claimInTx(m: EntityManager, customerId: string, fingerprint: string, month: string, nowIso: string): Promise<void> {
    await lockFor(m, `cards:${customerId}`)
    const used = await this.cardsUsed(m, customerId, month)
    if (used.includes(fingerprint)) return
    if (used.length >= MAX_CARDS_PER_MONTH) throw this.limitError()
    await sql(m, `INSERT INTO card_month_use (customer_id, month, fingerprint, first_used_at) VALUES (?, ?, ?, ?)`, [customerId, month, fingerprint, nowIso])
  }

  /** The S15.3 claim in a transaction of its own (used by the branch-mode concurrency test). */
  claimCardThisMonth(customerId: string, fingerprint: string): Promise<void> {
    const now = this.clock.now()
    return this.queue.run(() => this.ds.transaction((m) => this.claimInTx(m, customerId, fingerprint, monthOf(now), now.toISOString())))
  }

  private async execute(intent: Intent, code: string, actor: Actor): Promise<PaymentReceiptDto> {
    await this.confirmations.confirm(intent.customer.phone, intent.op, code, actor)
    const nowIso = this.clock.now().toISOString()
    const month = monthOf(this.clock.now())
    let card: CardRow
    let payment: PaymentRow
    try {
      ;({ card, payment } = await this.queue.run(() =>
        this.ds.transaction(async (m) => {
          await this.claimInTx(m, intent.customer.customerId, intent.fingerprint, month, nowIso)
          const c = intent.newCard
            ? await this.vault.save(m, intent.customer.customerId, intent.newCard, intent.fingerprint, true, nowIso)
            : await m.getRepository(CardEntity).findOneOrFail({ where: { id: intent.savedCardId! } })
          if (!intent.newCard) await m.getRepository(CardEntity).update({ id: c.id }, { lastUsedAt: nowIso })
          const p: PaymentRow = {
            id: randomUUID(),
            idempotencyKey: intent.id,
            customerId: intent.customer.customerId,
            cardId: c.id,
            providerId: intent.providerId,
            params: JSON.stringify(intent.params),
            amountTiyn: intent.amountTiyn,
            currency: 'KZT',
            state: 'pending',
            hostRef: null,
            threeDs: null,
            threeDsBypassed: false,
            declineReason: null,
            staffId: actor.staffId,
            workstation: actor.workstation,
            createdAt: nowIso,
            updatedAt: nowIso,
            refundedAt: null,
            refundReason: null,
            refundedBy: null,
          }
          await m.getRepository(PaymentEntity).insert(p)
          return { card: c, payment: p }
        }),
      ))
    } catch (e) {
      if (e instanceof EngineError && e.code === ErrorCode.CARD_LIMIT_REACHED) {
        intent.cvv?.fill(0)
        this.intents.delete(intent.id)
      }
      throw e
    }

    let result: AuthorizeResult | null
    try {
      result = await this.host.authorize({
        idempotencyKey: intent.id,
        pan: intent.newCard ? intent.newCard.pan : this.vault.openPan(card),
        expMonth: card.expMonth,
        expYear: card.expYear,
        cvv: intent.cvv,
        amountTiyn: intent.amountTiyn,
        currency: 'KZT',
        merchantRef: payment.id,
      })
    } catch {
      // Timeout, reset, TLS or 5xx: the host may have charged anyway. Ask it by idempotency key;
      // if it cannot say, the payment stays pending and is settled later, never sent again.
      result = await this.host.status(intent.id).catch(() => null)
    } finally {
      // S16: the CVV existed only for this one authorisation.
      intent.cvv?.fill(0)
      intent.cvv = null
      this.intents.delete(intent.id)
    }
    if (!result) {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: intent.customer.phone,
        action: 'payment.authorize',
        outcome: 'failure',
        details: { paymentId: payment.id, reason: ErrorCode.PAYMENT_PENDING },
      })
      throw new EngineError(ErrorCode.PAYMENT_PENDING, 'The card processing host did not answer in time. The result will be checked automatically; do not pay again.', {
        paymentId: payment.id,
      })
    }
    const settled = await this.settle(payment, result, card)
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: intent.customer.phone,
      action: 'payment.authorize',
      outcome: settled.state === 'approved' ? 'success' : 'failure',
      details: {
        paymentId: settled.id,
        providerId: settled.providerId,
        amountTiyn: settled.amountTiyn,
        card: card.masked,
        state: settled.state,
        threeDs: settled.threeDs,
        threeDsBypassed: settled.threeDsBypassed,
      },
    })
    return this.receipt(settled)
  }

  private async settle(payment: PaymentRow, result: AuthorizeResult, card: CardRow): Promise<PaymentRow> {
    const patch: Partial<PaymentRow> = {
      state: result.status,
      hostRef: result.hostRef,
      threeDs: result.threeDs,
      // S18: approved for a 3-D Secure enrolled card without 3-D Secure: the guaranteed refund applies.
      threeDsBypassed: result.status === 'approved' && result.threeDsEnrolled && result.threeDs === 'bypassed',
      declineReason: result.declineReason,
      updatedAt: this.clock.now().toISOString(),
    }
    await this.queue.run(async () => {
      await this.ds.getRepository(PaymentEntity).update({ id: payment.id }, patch)
      if (card.threeDsEnrolled !== result.threeDsEnrolled) {
        await this.ds.getRepository(CardEntity).update({ id: card.id }, { threeDsEnrolled: result.threeDsEnrolled })
      }
    })
    return { ...payment, ...patch }
  }

  /** At start: payments whose host reply was lost are settled from the host's own record (never re-sent). */
  async reconcilePending(): Promise<number> {
    const pending = await this.ds.getRepository(PaymentEntity).find({ where: { state: 'pending' } })
    let settled = 0
    for (const p of pending) {
      let result: AuthorizeResult | null
      try {
        result = await this.host.status(p.idempotencyKey)
      } catch {
        continue // the host cannot answer now: ask again on the next round
      }
      const card = await this.ds.getRepository(CardEntity).findOneOrFail({ where: { id: p.cardId } })
      if (result) {
        await this.settle(p, result, card)
        settled++
      } else if (Date.parse(p.createdAt) < this.clock.now().getTime() - 24 * 3600_000) {
        // The host never saw it: nothing was charged.
        await this.queue.run(() => this.ds.getRepository(PaymentEntity).update({ id: p.id }, { state: 'failed', declineReason: 'host-never-received', updatedAt: this.clock.now().toISOString() }))
        settled++
      }
    }
    return settled
  }

  async history(customerId: string): Promise<PaymentReceiptDto[]> {
    const rows = await this.ds.getRepository(PaymentEntity).find({ where: { customerId }, order: { createdAt: 'DESC' }, take: 100 })
    return Promise.all(rows.map((r) => this.receipt(r)))
  }

  /** S18: approved payments that bypassed 3-D Secure on an enrolled card, not yet refunded. */
  async flaggedForRefund(): Promise<PaymentReceiptDto[]> {
    const rows = await this.ds.getRepository(PaymentEntity).find({ where: { threeDsBypassed: true, state: 'approved' }, order: { createdAt: 'DESC' } })
    return Promise.all(rows.map((r) => this.receipt(r)))
  }

  /** The guaranteed refund (S18) or a fraud-case refund (S19): once per payment, whatever the retries. */
  async refund(paymentId: string, reason: string, actor: Actor, cause: 's18-3ds-bypass' | 's19-fraud-case'): Promise<PaymentReceiptDto> {
    const p = await this.ds.getRepository(PaymentEntity).findOne({ where: { id: paymentId } })
    if (!p) throw new EngineError(ErrorCode.NOT_FOUND, 'Payment not found.')
    if (p.state !== 'approved' || !p.hostRef) throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'This payment cannot be refunded.', { state: p.state })
    if (cause === 's18-3ds-bypass' && !p.threeDsBypassed) {
      throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'The guaranteed refund applies only to payments made without 3-D Secure on an enrolled card.')
    }
    await this.host.refund({ idempotencyKey: `refund:${p.id}`, hostRef: p.hostRef, amountTiyn: p.amountTiyn })
    const patch = { state: 'refunded' as const, refundedAt: this.clock.now().toISOString(), refundReason: reason.trim(), refundedBy: actor.staffId, updatedAt: this.clock.now().toISOString() }
    const changed = await this.queue.run(() => this.ds.getRepository(PaymentEntity).update({ id: p.id, state: 'approved' }, patch))
    // Refunded meanwhile by another supervisor (the host refunded once: same idempotency key).
    if (!changed.affected) throw new EngineError(ErrorCode.NOT_REFUNDABLE, 'This payment cannot be refunded.', { state: 'refunded' })
    const phone = await this.customers.phoneOf(p.customerId)
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'payment.refund',
      outcome: 'success',
      details: { paymentId: p.id, amountTiyn: p.amountTiyn, cause, reason: reason.trim() },
    })
    return this.receipt({ ...p, ...patch })
  }

  private async receipt(p: PaymentRow): Promise<PaymentReceiptDto> {
    const card = await this.ds.getRepository(CardEntity).findOneOrFail({ where: { id: p.cardId } })
    return {
      paymentId: p.id,
      state: p.state,
      providerId: p.providerId,
      params: JSON.parse(p.params) as Record<string, string>,
      amountTiyn: p.amountTiyn,
      cardMasked: card.masked,
      brand: card.brand,
      hostRef: p.hostRef,
      threeDs: p.threeDs,
      threeDsBypassed: p.threeDsBypassed,
      declineReason: p.declineReason,
      at: p.createdAt,
      customerPhone: await this.customers.phoneOf(p.customerId),
      refundedAt: p.refundedAt,
    }
  }
}
