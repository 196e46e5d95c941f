import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PaymentIntentDto, PaymentReceiptDto, ProviderDto, ReceiptDto, SavedCardDto } from '../../../shared/dto'
import type { RequestOf } from '../../../shared/ipc/contract'
import type { Channel } from '../../../shared/ipc/channels'
import { useCall } from '../composables/use-call'

/**
 * The payment wizard's state (S14). Card number, expiry and CVV pass straight to the main process
 * in one call and are never kept here; only the masked card comes back.
 */
export const usePaymentStore = defineStore('payment', () => {
  const { busy, error, call } = useCall()
  const providers = ref<ProviderDto[]>([])
  const savedCards = ref<SavedCardDto[]>([])
  const intent = ref<PaymentIntentDto | null>(null)
  const receipt = ref<PaymentReceiptDto | null>(null)

  async function load(): Promise<void> {
    const catalog = await call(() => window.teller.payments.catalog())
    providers.value = catalog.ok ? catalog.value : []
    const cards = await call(() => window.teller.payments.savedCards())
    savedCards.value = cards.ok ? cards.value : []
  }

  async function start(req: RequestOf<typeof Channel.PaymentStart>): Promise<boolean> {
    receipt.value = null
    const r = await call(() => window.teller.payments.start(req))
    if (r.ok) intent.value = r.value
    return r.ok
  }

  async function confirm(code: string): Promise<void> {
    if (!intent.value) return
    const id = intent.value.intentId
    const r = await call(() => window.teller.payments.confirm({ intentId: id, code }))
    if (!r.ok) return
    receipt.value = r.value
    intent.value = null
    const cards = await window.teller.payments.savedCards()
    if (cards.ok) savedCards.value = cards.value
  }

  /** A printable receipt of a payment of the customer at the counter (the main process counts and audits it). */
  const printable = ref<ReceiptDto | null>(null)

  function reset(): void {
    intent.value = null
    receipt.value = null
    printable.value = null
    error.value = null
  }

  async function printReceipt(paymentId: string): Promise<void> {
    const r = await call(() => window.teller.payments.receipt({ paymentId }))
    printable.value = r.ok ? r.value : null
  }

  return { busy, error, providers, savedCards, intent, receipt, printable, load, start, confirm, reset, printReceipt }
})
