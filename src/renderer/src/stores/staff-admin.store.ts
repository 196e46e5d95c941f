import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StaffMemberDto, StaffRole } from '../../../shared/dto'
import { useCall } from '../composables/use-call'

/** Supervisor's staff management: list, add, disable/enable, unlock. */
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

  /** Lifts another staff member's lockout early (PCI DSS 8.3.4), with a reason for the audit trail. */
  async function unlock(staffId: string, reason: string): Promise<boolean> {
    const r = await track(() => window.teller.staff.unlock({ staffId, reason }))
    if (r.ok) await load()
    return r.ok
  }

  /** Removes another staff member's second factor (PCI DSS 8.4.2): they enrol again at their next sign-in. */
  /** Four eyes (issue 13): a reset waits for a second supervisor; that is not a failure, and nothing changed yet. */
  const awaiting = ref(false)
  async function resetSecondFactor(staffId: string, reason: string): Promise<boolean> {
    awaiting.value = false
    const r = await track(() => window.teller.staff.resetSecondFactor({ staffId, reason }))
    if (!r.ok && r.error.code === 'APPROVAL_PENDING') {
      error.value = null
      awaiting.value = true
      return true
    }
    if (r.ok) await load()
    return r.ok
  }

  return { members, error, busy, awaiting, load, create, setDisabled, unlock, resetSecondFactor }
})
