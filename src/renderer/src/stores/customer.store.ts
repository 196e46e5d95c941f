import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CustomerPromptOutcomeDto } from '../../../shared/customer-window-dto'
import type { CustomerLookupDto, CustomerSessionDto, SessionKeySentDto } from '../../../shared/dto'
import { useCall } from '../composables/use-call'

/**
 * The customer at the counter: lookup, verification, registration, sign-in and password change.
 * The customer's session keys and passwords (the sign-in password too) are typed on the customer
 * window and never reach this page (issue 12).
 */
export const useCustomerStore = defineStore('customer', () => {
  const { busy, error, call } = useCall()
  const lookup = ref<CustomerLookupDto | null>(null)
  const keySent = ref<SessionKeySentDto | null>(null)
  const current = ref<CustomerSessionDto | null>(null)
  const notice = ref<string | null>(null)
  /** Learnt from this counter's own sign-in refusal (the lookup never tells a lockout). */
  const lockedUntil = ref<string | null>(null)

  function reset(): void {
    lookup.value = null
    lockedUntil.value = null
    keySent.value = null
    notice.value = null
    error.value = null
  }

  async function find(phone: string): Promise<void> {
    reset()
    const r = await call(() => window.teller.customer.lookup({ phone }))
    lookup.value = r.ok ? r.value : null
  }

  /**
   * S5.1 and S5.2 through the customer window (issue 12): the key goes to the phone and the step to
   * the customer window, where the customer types the key (and, to register, the password).
   */
  async function askVerify(): Promise<void> {
    if (!lookup.value) return
    const sent = await call(() => window.teller.customerWindow.askVerify({ phone: lookup.value!.phone }))
    if (sent.ok) keySent.value = sent.value
  }

  async function askRegister(input: { name: string; dateOfBirth: string }): Promise<void> {
    if (!lookup.value) return
    const sent = await call(() => window.teller.customerWindow.askRegister({ phone: lookup.value!.phone, ...input }))
    if (sent.ok) keySent.value = sent.value
  }

  /** What the customer window reports back: only the outcome, never the key or the password. */
  async function applyOutcome(o: CustomerPromptOutcomeDto): Promise<void> {
    // What to do next (issue 16), on the teller page too: the tries left, or until when the lock lasts.
    if (o.kind === 'signIn' && o.code === 'INVALID_CREDENTIALS' && o.attemptsLeft !== null) error.value = { code: o.code, message: '', details: { attemptsLeft: o.attemptsLeft } }
    if (o.kind === 'signIn' && o.code === 'CUSTOMER_LOCKED' && o.lockedUntil) error.value = { code: o.code, message: '', details: { lockedUntil: o.lockedUntil } }
    if (o.kind === 'signIn' && o.result === 'refused') {
      if (o.code === 'CUSTOMER_LOCKED' && o.lockedUntil) lockedUntil.value = o.lockedUntil
      if (o.code === 'CUSTOMER_BLOCKED' && lookup.value) lookup.value = { ...lookup.value, blocked: true }
    }
    if (o.result !== 'accepted') return
    error.value = null
    keySent.value = null
    if (o.kind === 'verifyKey' && lookup.value) {
      lookup.value = { ...lookup.value, verifiedUntil: o.verifiedUntil }
      notice.value = 'verified'
    } else if (o.kind === 'register') {
      await loadCurrent()
      if (lookup.value) lookup.value = { ...lookup.value, registered: true, verifiedUntil: null }
      notice.value = 'registered'
    } else if (o.kind === 'passwordChange') {
      notice.value = 'passwordChanged'
    } else if (o.kind === 'signIn') {
      lockedUntil.value = null
      await loadCurrent()
      notice.value = 'signedIn'
    }
  }

  /** S5: the customer types the password on the customer window; the outcome comes back through applyOutcome. */
  async function askSignIn(): Promise<void> {
    if (!lookup.value) return
    notice.value = null
    await call(() => window.teller.customerWindow.askSignIn({ phone: lookup.value!.phone }))
  }

  async function signOut(): Promise<void> {
    await call(() => window.teller.customer.signOut())
    current.value = null
    keySent.value = null
  }

  async function loadCurrent(): Promise<void> {
    const r = await call(() => window.teller.customer.current())
    current.value = r.ok ? r.value : null
  }

  async function requestPasswordChange(): Promise<void> {
    const sent = await call(() => window.teller.customerWindow.askPasswordChange())
    if (sent.ok) keySent.value = sent.value
  }

  return {
    busy, error, lookup, lockedUntil, keySent, current, notice,
    reset, find, askVerify, askRegister, applyOutcome, askSignIn, signOut, loadCurrent, requestPasswordChange,
  }
})
