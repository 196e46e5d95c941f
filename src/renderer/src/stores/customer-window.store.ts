import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CustomerWindowStatusDto } from '../../../shared/customer-window-dto'
import { useCall } from '../composables/use-call'

/**
 * The teller's view of the customer window (issue 12): the pairing code, whether a customer window
 * is connected, the open step and its outcome. The customer's keys and passwords never come here.
 */
export const useCustomerWindowStore = defineStore('customerWindow', () => {
  const { busy, error, call } = useCall()
  const status = ref<CustomerWindowStatusDto | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh(): Promise<void> {
    const r = await window.teller.customerWindow.status()
    if (r.ok) status.value = r.value
  }

  /** Polls once a second while a page shows the customer window's state. */
  function follow(): () => void {
    void refresh()
    timer ??= setInterval(() => void refresh(), 1000)
    return () => {
      if (timer) clearInterval(timer)
      timer = null
    }
  }

  async function startPairing(): Promise<void> {
    await call(() => window.teller.customerWindow.startPairing())
    await refresh()
  }

  return { busy, error, status, refresh, follow, startPairing }
})
