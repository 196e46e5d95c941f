import { randomUUID } from 'node:crypto'
import type { PaymentIntentDto, ProviderDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { EngineError } from '../kernel/engine-error'
import type { OperationToConfirm, TransactionConfirmations } from '../session-keys/transaction-confirmation'
import { assertNotExpired, maskPan } from './card-rules'
import type { CardVault, CheckedCard } from './card-vault'
import type { CardRow } from './card.repo'
import type { ProviderCatalog } from './catalog'
import type { Intent, PaymentCustomer, PaymentIntents, StartPayment } from './payment-intents'
import { cardLimitError, cardsThisMonthWith, decideCardClaim, monthOf } from './payment-rules'

/** Steps a-e of S14: checks everything, then sends the session key bound to this payment (S15.2). */
export class PaymentStart {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly vault: CardVault,
    private readonly confirmations: TransactionConfirmations,
    private readonly catalog: ProviderCatalog,
    private readonly audit: AuditService,
    private readonly intents: PaymentIntents,
  ) {}

  async start(customer: PaymentCustomer, req: StartPayment, actor: Actor): Promise<PaymentIntentDto> {
    this.intents.sweep(this.clock.now().getTime())
    let newCard: CheckedCard | null = null
    let saved: CardRow | null = null
    let cvv: Buffer | null = null
    let checked: ReturnType<ProviderCatalog['check']>
    try {
      checked = this.catalog.check(req.providerId, req.params, req.amountTiyn)
      if (req.card.kind === 'new') {
        newCard = this.vault.checkNewCard(req.card, this.clock.now())
      } else {
        saved = await this.vault.get(customer.customerId, req.card.cardId)
        assertNotExpired(saved.expMonth, saved.expYear, this.clock.now())
      }
    } catch (e) {
      // Issue 14: a refused start (unknown provider or parameters, a foreign, unknown or expired card)
      // is recorded with the customer and the reason's code; never the card number or the CVV.
      if (e instanceof EngineError) {
        await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: customer.phone, action: 'payment.start', outcome: 'denied', details: { reason: e.code, cardKind: req.card.kind } })
      }
      throw e
    }
    const { provider, params } = checked
    if (req.card.kind === 'new') cvv = Buffer.from(req.card.cvv, 'utf8')
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
    provider: ProviderDto,
    params: Record<string, string>,
    newCard: CheckedCard | null,
    saved: CardRow | null,
    cvv: Buffer | null,
    actor: Actor,
  ): Promise<PaymentIntentDto> {
    // An early answer for the teller; the decision that counts is taken again, locked, at confirmation.
    const used = await this.uow.repos.cards.fingerprintsUsedInMonth(customer.customerId, monthOf(this.clock.now()))
    const fingerprint = newCard ? await this.vault.fingerprintFor(customer.customerId, newCard.pan, used) : saved!.fingerprint
    if (decideCardClaim(used, fingerprint) === 'refused') {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: customer.phone,
        action: 'payment.start',
        outcome: 'denied',
        details: { reason: ErrorCode.CARD_LIMIT_REACHED },
      })
      throw cardLimitError(this.clock.now())
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
    // S12 dynamic linking: the SMS names the provider, the last 4 of the account or phone paid, and the card's last 4.
    const payeeDigits = (params[provider.params[0]!.id] ?? '').replace(/\D/g, '')
    const keySent = await this.confirmations.request(customer.phone, op, actor, { provider: provider.name, payeeLast4: payeeDigits.slice(-4), cardLast4: masked.slice(-4) })
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
    this.intents.add(intent)
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
      cardsThisMonth: cardsThisMonthWith(used, fingerprint),
      keySent,
    }
  }
}
