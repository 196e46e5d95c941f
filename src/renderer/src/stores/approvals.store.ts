import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApprovalDto } from '../../../shared/dto'
import type { Result } from '../../../shared/result'
import { useCall } from '../composables/use-call'

export interface CheckerInput {
  login: string
  password: string
  /** The checker's authenticator code (PCI DSS 8.4.2): the same factors as a sign-in. */
  code?: string
}

/** Supervisor: the four-eyes inbox (issue 13); a different supervisor approves or rejects with a reason. */
export const useApprovalsStore = defineStore('approvals', () => {
  const { busy, error, call } = useCall()
  const rows = ref<ApprovalDto[]>([])

  function reset(): void {
    rows.value = []
    error.value = null
  }

  async function load(): Promise<void> {
    const list = await call(() => window.teller.approvals.list())
    if (list.ok) rows.value = list.value
  }

  function decide(action: 'approve' | 'reject', requestId: string, reason: string, checker: CheckerInput | null): Promise<Result<ApprovalDto>> {
    const req = { requestId, reason, ...(checker ? { checker } : {}) }
    return call(() => (action === 'approve' ? window.teller.approvals.approve(req) : window.teller.approvals.reject(req)))
  }

  return { busy, error, rows, reset, load, decide }
})
