import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CustomerPromptOutcomeDto } from '../../../shared/customer-window-dto'
import type { PaymentIntentDto, PaymentReceiptDto, ProviderDto, ReceiptDto, SavedCardDto } from '../../../shared/dto'
import type { RequestOf } from '../../../shared/ipc/contract'
import type { Channel } from '../../../shared/ipc/channels'
import { useCall } from '../composables/use-call'

/**
 * The payment wizard's state (S14). The teller picks provider, payee, amount and "new card" or a
 * saved card (masked); the card number, expiry, CVV and the session key are typed on the customer
 * window and never reach this page (issue 12): only the masked card and the outcome come back.
 */
export const usePaymentStore = defineStore('payment', () => {
  const { busy, error, call } = useCall()
  const providers = ref<ProviderDto[]>([])
  const savedCards = ref<SavedCardDto[]>([])
  const intent = ref<PaymentIntentDto | null>(null)
  /** The step open on the customer window: the customer types the card, or confirms with the key. */
  const waiting = ref<'card' | 'key' | null>(null)
  const receipt = ref<PaymentReceiptDto | null>(null)

  /** S15.2: the saved card (masked) whose removal the customer confirms on the customer window. */
  const removing = ref<string | null>(null)

  async function askRemoval(cardId: string): Promise<void> {
    const r = await call(() => window.teller.customerWindow.askCardRemoval({ cardId }))
    removing.value = r.ok ? r.value.cardMasked : null
  }

  async function load(): Promise<void> {
    const catalog = await call(() => window.teller.payments.catalog())
    providers.value = catalog.ok ? catalog.value : []
    const cards = await call(() => window.teller.payments.savedCards())
    savedCards.value = cards.ok ? cards.value : []
  }

  async function ask(req: RequestOf<typeof Channel.CustomerWindowAskPayment>): Promise<boolean> {
    receipt.value = null
    const r = await call(() => window.teller.customerWindow.askPayment(req))
    if (r.ok) {
      intent.value = r.value.intent
      waiting.value = r.value.step
    }
    return r.ok
  }

  /** What the customer window reports: the card accepted (masked), then the payment's state; never a secret. */
  async function applyOutcome(o: CustomerPromptOutcomeDto): Promise<void> {
    if (o.kind === 'paymentCard' && o.result === 'accepted') waiting.value = 'key'
    if (o.kind === 'cardRemovalKey' && o.result !== 'retry') {
      removing.value = null
      const cards = await window.teller.payments.savedCards()
      if (cards.ok) savedCards.value = cards.value
    }
    if (o.kind !== 'paymentKey' || o.result !== 'accepted' || !o.payment) return
    const id = o.payment.id
    const history = await call(() => window.teller.payments.history())
    receipt.value = history.ok ? (history.value.find((p) => p.paymentId === id) ?? null) : null
    intent.value = null
    waiting.value = null
    const cards = await window.teller.payments.savedCards()
    if (cards.ok) savedCards.value = cards.value
  }

  /** A printable receipt of a payment of the customer at the counter (the main process counts and audits it). */
  const printable = ref<ReceiptDto | null>(null)

  function reset(): void {
    intent.value = null
    waiting.value = null
    receipt.value = null
    printable.value = null
    error.value = null
  }

  async function printReceipt(paymentId: string): Promise<void> {
    const r = await call(() => window.teller.payments.receipt({ paymentId }))
    printable.value = r.ok ? r.value : null
  }

  return { busy, error, providers, savedCards, intent, waiting, receipt, printable, removing, load, ask, askRemoval, applyOutcome, reset, printReceipt }
})
