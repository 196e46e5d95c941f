import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StaffMemberDto, StaffRole } from '../../../shared/dto'
import type { AppError } from '../../../shared/result'

/** Supervisor's staff management: list, add, disable/enable. */
export const useStaffAdminStore = defineStore('staff-admin', () => {
  const members = ref<StaffMemberDto[]>([])
  const error = ref<AppError | null>(null)
  const busy = ref(false)

  async function track<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>): Promise<T | null> {
    busy.value = true
    error.value = null
    try {
      const r = await call()
      if (!r.ok) {
        error.value = r.error
        return null
      }
      return r.value
    } finally {
      busy.value = false
    }
  }

  async function load(): Promise<void> {
    const list = await track(() => window.teller.staff.list())
    if (list) members.value = list
  }

  async function create(input: { login: string; displayName: string; role: StaffRole; password: string }): Promise<boolean> {
    const created = await track(() => window.teller.staff.create(input))
    if (created) await load()
    return created !== null
  }

  async function setDisabled(staffId: string, disabled: boolean): Promise<void> {
    if (await track(() => window.teller.staff.setDisabled({ staffId, disabled }))) await load()
  }

  return { members, error, busy, load, create, setDisabled }
})
