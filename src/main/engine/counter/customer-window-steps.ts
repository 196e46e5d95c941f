import type { PaymentIntentDto } from '../../../shared/dto'
import type { CustomerPromptDto } from '../../../shared/customer-window-dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'
import type { CardRemoval } from '../payments/card-removal'
import type { ProviderCatalog } from '../payments/catalog'
import type { PaymentCustomer, PaymentService } from '../payments/payment.service'
import type { CounterDesk, Window } from './counter-desk.service'
import { payeeLast4 } from './customer-window-rules'
import type { CustomerWindows, Link } from './customer-window.service'

/** What the teller chose: provider, parameters, amount and either "a new card" or one saved card (masked on the teller's screen). */
export interface PaymentAtCounter {
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  card: { kind: 'new' } | { kind: 'saved'; cardId: string }
}

/** Where the payment stands for the teller: the customer is typing the card, or the key was sent (the intent, masked). */
export interface PaymentAskedDto {
  step: 'card' | 'key'
  intent: PaymentIntentDto | null
}

type Shows = Partial<Pick<CustomerPromptDto, 'amountTiyn' | 'payee' | 'cardLast4'>>
const NO_ASKS = { key: false, password: false, card: false }

/**
 * Steps of the customer window beyond verification and registration (issue 12): the customer's
 * sign-in password, a payment's card details and its session key are typed on the customer window
 * and go from there to the engine; the teller window reads the masked outcome only.
 */
export class CustomerWindowSteps {
  constructor(
    private readonly windows: Pick<CustomerWindows, 'pairedLink' | 'put'>,
    private readonly desk: Pick<CounterDesk, 'requireCustomer' | 'signIn'>,
    private readonly payments: Pick<PaymentService, 'start' | 'confirm'>,
    private readonly catalog: Pick<ProviderCatalog, 'check'>,
    private readonly removal: Pick<CardRemoval, 'request' | 'confirm'>,
  ) {}

  /** S5/S11: the customer types the sign-in password on the customer window; the counter session opens on the teller window. */
  async askSignIn(window: Window, phone: string): Promise<null> {
    const link = await this.windows.pairedLink(window)
    this.windows.put(link, 'signIn', { phone, expiresAt: null }, { ...NO_ASKS, password: true }, async (a) => {
      await this.desk.signIn(window, phone, a.password ?? '')
      return {}
    })
    return null
  }

  /**
   * S14: provider, payee and amount from the teller; a new card's number, expiry and CVV from the
   * customer window, then the payment's key (S15.2) there too. A saved card goes straight to the key.
   */
  async askPayment(window: Window, req: PaymentAtCounter): Promise<PaymentAskedDto> {
    const c = await this.desk.requireCustomer(window)
    const customer: PaymentCustomer = { customerId: c.customerId, phone: c.phone }
    const { provider, params } = this.catalog.check(req.providerId, req.params, req.amountTiyn)
    const link = await this.windows.pairedLink(window)
    const shows: Shows = { amountTiyn: req.amountTiyn, payee: { provider: provider.id, name: provider.name, last4: payeeLast4(provider, params) } }
    if (req.card.kind === 'saved') {
      const intent = await this.payments.start(customer, { ...req, card: req.card }, window.actor)
      this.askKey(link, window, customer, intent, shows)
      return { step: 'key', intent }
    }
    const run = async (a: { card?: { pan: string; expiry: string; cvv: string } }) => {
      if (!a.card) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Type the card number, expiry and CVV.', { field: 'card' })
      await this.still(window, customer)
      const intent = await this.payments.start(customer, { ...req, card: { kind: 'new', ...a.card } }, window.actor)
      this.askKey(link, window, customer, intent, shows)
      return { cardMasked: intent.cardMasked }
    }
    this.windows.put(link, 'paymentCard', { phone: c.phone, expiresAt: null }, { ...NO_ASKS, card: true }, run, shows)
    return { step: 'card', intent: null }
  }

  /** S15.2: removing a saved card of the customer signed in here; the key (SMS: removal + last 4) is typed on the customer window. */
  async askCardRemoval(window: Window, req: { cardId: string }): Promise<{ cardMasked: string; keySent: PaymentIntentDto['keySent'] }> {
    const c = await this.desk.requireCustomer(window)
    const customer: PaymentCustomer = { customerId: c.customerId, phone: c.phone }
    const link = await this.windows.pairedLink(window)
    const asked = await this.removal.request(customer, req.cardId, window.actor)
    const run = async (a: { code?: string }) => {
      await this.still(window, customer)
      return this.removal.confirm(customer, req.cardId, a.code ?? '', window.actor)
    }
    this.windows.put(link, 'cardRemovalKey', asked.keySent, { ...NO_ASKS, key: true }, run, { cardLast4: asked.cardMasked.slice(-4) })
    return asked
  }

  private askKey(link: Link, window: Window, customer: PaymentCustomer, intent: PaymentIntentDto, shows: Shows): void {
    const run = async (a: { code?: string }) => {
      await this.still(window, customer)
      const receipt = await this.payments.confirm(customer, intent.intentId, a.code ?? '', window.actor)
      return { cardMasked: receipt.cardMasked, payment: { id: receipt.paymentId, state: receipt.state } }
    }
    this.windows.put(link, 'paymentKey', intent.keySent, { ...NO_ASKS, key: true }, run, { ...shows, cardLast4: intent.cardMasked.slice(-4) })
  }

  /** The step acts for the customer it was started for, still signed in at this counter (not the next customer). */
  private async still(window: Window, customer: PaymentCustomer): Promise<void> {
    const now = await this.desk.requireCustomer(window)
    if (now.customerId !== customer.customerId) throw new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')
  }
}
