import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StaffMemberDto, StaffRole } from '../../../shared/dto'
import { useCall } from '../composables/use-call'

/** Supervisor's staff management: list, add, disable/enable. */
export const useStaffAdminStore = defineStore('staff-admin', () => {
  const members = ref<StaffMemberDto[]>([])
  const { busy, error, call: track } = useCall()

  async function load(): Promise<void> {
    const list = await track(() => window.teller.staff.list())
    if (list.ok) members.value = list.value
  }

  async function create(input: { login: string; displayName: string; role: StaffRole; password: string }): Promise<boolean> {
    const created = await track(() => window.teller.staff.create(input))
    if (created.ok) await load()
    return created.ok
  }

  async function setDisabled(staffId: string, disabled: boolean): Promise<void> {
    const r = await track(() => window.teller.staff.setDisabled({ staffId, disabled }))
    if (r.ok) await load()
  }

  return { members, error, busy, load, create, setDisabled }
})
