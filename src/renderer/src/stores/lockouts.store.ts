import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClockStatusDto, LockoutDto } from '../../../shared/dto'
import type { Result } from '../../../shared/result'
import { useCall } from '../composables/use-call'

/** Supervisor: customers locked out (S11) or blocked by the bank (S13), and lifting or imposing a block. */
export const useLockoutsStore = defineStore('lockouts', () => {
  const { busy, error, call } = useCall()
  const rows = ref<LockoutDto[]>([])
  /** When the rows arrived: their secondsLeft count down from here. */
  const loadedAt = ref(Date.now())
  /** The workstation clock's status (issue 17), read with the list. */
  const clock = ref<ClockStatusDto | null>(null)

  /** Back to an empty screen, so the list does not outlive the page that showed it. */
  function reset(): void {
    rows.value = []
    clock.value = null
    loadedAt.value = Date.now()
    error.value = null
  }

  async function load(): Promise<void> {
    const list = await call(() => window.teller.supervisor.lockouts())
    if (list.ok) {
      rows.value = list.value
      loadedAt.value = Date.now()
    }
    const status = await call(() => window.teller.system.status())
    if (status.ok) clock.value = status.value.clock
  }

  function block(phone: string, reason: string): Promise<Result<null>> {
    return call(() => window.teller.supervisor.block({ phone, reason }))
  }

  function unblock(phone: string, reason: string): Promise<Result<null>> {
    return call(() => window.teller.supervisor.unblock({ phone, reason }))
  }

  return { busy, error, rows, loadedAt, clock, reset, load, block, unblock }
})
