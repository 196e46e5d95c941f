import { randomUUID } from 'node:crypto'
import type { PaymentReceiptDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import { INDEX_DOMAIN, payeeOf, type FieldSeal } from '../crypto/field-seal'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { sessionKeyLock } from '../session-keys/session-keys.service'
import type { TransactionConfirmations } from '../session-keys/transaction-confirmation'
import { cardsLock, claimCardInMonth } from './card-month-claim'
import type { CardVault } from './card-vault'
import type { CardRow } from './card.repo'
import type { AuthorizeResult, PaymentHost } from './payment-host'
import type { Intent, PaymentCustomer, PaymentIntents } from './payment-intents'
import type { PaymentReceipts } from './payment-receipts'
import type { PaymentSettlement } from './payment-settlement'
import type { PaymentRow } from './payment.repo'

const STORE_FAULTS = new Set<ErrorCode>([ErrorCode.STORAGE_FULL, ErrorCode.STORE_BUSY, ErrorCode.STORE_UNAVAILABLE])

/**
 * Step f of S14: the session key, then the charge. The card's place in the month is held (S15.3),
 * the card kept pending and the payment recorded as pending in one transaction; the host is called
 * outside it, once per intent; the card is saved and counted only if the host approves.
 */
export class PaymentExecution {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly vault: CardVault,
    private readonly host: PaymentHost,
    private readonly confirmations: TransactionConfirmations,
    private readonly audit: AuditService,
    private readonly intents: PaymentIntents,
    private readonly receipts: PaymentReceipts,
    private readonly settlement: PaymentSettlement,
    private readonly fields: FieldSeal,
  ) {}

  /** A second submission of the same intent (double click, retry) gets the first one's result. */
  async confirm(customer: PaymentCustomer, intentId: string, code: string, actor: Actor): Promise<PaymentReceiptDto> {
    const done = await this.receipts.byIdempotencyKey(customer.customerId, intentId)
    if (done) return done
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

  private async execute(intent: Intent, code: string, actor: Actor): Promise<PaymentReceiptDto> {
    const { customerId, phone } = intent.customer
    // The key spent with its audit event, the S15.3 claim, the card and the pending payment commit
    // together: a full disk (or a lost branch database) leaves none of them, and the same key
    // confirms the payment once space is back (issue 17). A refused key or card commits its count.
    // The clock is read before the transaction: a wall-clock jump it notices is audited first.
    const at = this.clock.now()
    const step = await this.uow.transaction([sessionKeyLock(phone), cardsLock(customerId)], async (tx) => {
      const key = await this.confirmations.confirmIn(tx, phone, intent.op, code, actor, at.getTime())
      if (!key.ok) return { refused: key.error }
      try {
        return { recorded: await this.record(tx, intent, actor, at) }
      } catch (e) {
        // The claim refuses before it writes anything: the spent key and its event still commit.
        if (e instanceof EngineError && e.code === ErrorCode.CARD_LIMIT_REACHED) return { refused: e, cardLimit: true }
        throw e
      }
    })
    if ('refused' in step) {
      if ('cardLimit' in step) this.intents.discard(intent)
      throw step.refused
    }
    const { card, payment } = step.recorded

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
      this.intents.discard(intent)
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
    let settled: PaymentRow
    try {
      settled = await this.settlement.settle(payment, result, card, (row) => ({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: intent.customer.phone,
        action: 'payment.authorize',
        outcome: row.state === 'approved' ? 'success' : 'failure',
        details: {
          paymentId: row.id,
          providerId: row.providerId,
          amountTiyn: row.amountTiyn,
          card: card.masked,
          state: row.state,
          threeDs: row.threeDs,
          threeDsBypassed: row.threeDsBypassed,
        },
      }))
    } catch (e) {
      // The host answered but the store could not record it (full, busy, unreachable): the payment
      // stays pending and is settled from the host by its key; the teller is told not to pay again.
      if (e instanceof EngineError && STORE_FAULTS.has(e.code)) throw new EngineError(e.code, e.message, { paymentId: payment.id, settling: true })
      throw e
    }
    return this.receipts.ofPayment(settled)
  }

  /**
   * S15.3 place held, the new card kept pending (sealed, unlisted) or the saved card's use noted,
   * and the payment inserted as pending: all or nothing. The card is saved and the place counted
   * only when the host approves (issue 12, payment-settlement.ts).
   */
  private async record(tx: Repos, intent: Intent, actor: Actor, at: Date): Promise<{ card: CardRow; payment: PaymentRow }> {
    const customerId = intent.customer.customerId
    const nowIso = at.toISOString()
    const id = randomUUID()
    await claimCardInMonth(tx, this.clock, customerId, intent.fingerprint, at, id)
    let card: CardRow
    if (intent.newCard) {
      card = await this.vault.save(tx.cards, customerId, intent.newCard, intent.fingerprint, true, nowIso)
    } else {
      const saved = await tx.cards.findById(intent.savedCardId!)
      if (!saved) throw new Error(`Card ${intent.savedCardId} is missing.`)
      await tx.cards.markUsed(saved.id, nowIso)
      card = saved
    }
    const params = JSON.stringify(intent.params)
    const payment: PaymentRow = {
      id,
      idempotencyKey: intent.id,
      customerId,
      cardId: card.id,
      providerId: intent.providerId,
      params: this.fields.seal('payment.params', id, params),
      payeeIndex: await this.fields.index(INDEX_DOMAIN.payee, payeeOf(params)),
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
    await tx.payments.insert(payment)
    return { card, payment }
  }
}
