import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CustomerLookupDto, CustomerSessionDto, SessionKeySentDto } from '../../../shared/dto'
import { useCall } from '../composables/use-call'

/**
 * The customer at the counter: lookup, verification, registration, sign-in and password change.
 * Passwords and session keys pass straight through to the main process and are never kept here.
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

  async function sendKey(purpose: 'verify' | 'register'): Promise<void> {
    if (!lookup.value) return
    const sent = await call(() => window.teller.customer.requestKey({ phone: lookup.value!.phone, purpose }))
    if (sent.ok) keySent.value = sent.value
  }

  async function confirmVerification(code: string): Promise<boolean> {
    if (!lookup.value) return false
    const r = await call(() => window.teller.customer.confirmVerification({ phone: lookup.value!.phone, code }))
    if (!r.ok) return false
    keySent.value = null
    lookup.value = { ...lookup.value, verifiedUntil: r.value.verifiedUntil }
    notice.value = 'verified'
    return true
  }

  async function register(input: { name: string; dateOfBirth: string; password: string; code: string }): Promise<boolean> {
    if (!lookup.value) return false
    const r = await call(() => window.teller.customer.register({ phone: lookup.value!.phone, ...input }))
    if (!r.ok) return false
    current.value = r.value
    keySent.value = null
    notice.value = 'registered'
    lookup.value = { ...lookup.value, registered: true, verifiedUntil: null }
    return true
  }

  async function signIn(password: string): Promise<boolean> {
    if (!lookup.value) return false
    const r = await call(() => window.teller.customer.signIn({ phone: lookup.value!.phone, password }))
    if (!r.ok) {
      const until = r.error.details?.lockedUntil
      if (r.error.code === 'CUSTOMER_LOCKED' && typeof until === 'string') lockedUntil.value = until
      if (r.error.code === 'CUSTOMER_BLOCKED') lookup.value = { ...lookup.value, blocked: true }
      return false
    }
    lockedUntil.value = null
    current.value = r.value
    return true
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
    const sent = await call(() => window.teller.customer.requestPasswordChange())
    if (sent.ok) keySent.value = sent.value
  }

  async function changePassword(code: string, newPassword: string): Promise<boolean> {
    const r = await call(() => window.teller.customer.changePassword({ code, newPassword }))
    if (!r.ok) return false
    keySent.value = null
    notice.value = 'passwordChanged'
    return true
  }

  return {
    busy, error, lookup, lockedUntil, keySent, current, notice,
    reset, find, sendKey, confirmVerification, register, signIn, signOut, loadCurrent, requestPasswordChange, changePassword,
  }
})
