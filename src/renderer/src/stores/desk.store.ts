import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApprovalDto, AuditEventDto, AuditVerifyDto, FraudCaseDto, LockoutDto, PaymentReceiptDto } from '../../../shared/dto'
import { useCall } from '../composables/use-call'

/**
 * The home desk: what a teller works from (their own operations today, the history of the customer
 * at the counter) and what a supervisor watches (lockouts, refunds due, open fraud cases, the
 * audit chain). Every list here is a read the main process records; none outlives the page.
 */
export const useDeskStore = defineStore('desk', () => {
  const { busy, error, call } = useCall()
  const ownDay = ref<AuditEventDto[]>([])
  const customerHistory = ref<AuditEventDto[] | null>(null)
  const lockouts = ref<LockoutDto[]>([])
  const lockoutsAt = ref(Date.now())
  const refundsDue = ref<PaymentReceiptDto[]>([])
  const openCases = ref<FraudCaseDto[]>([])
  /** Four-eyes requests waiting for a second supervisor (issue 13). */
  const pendingApprovals = ref<ApprovalDto[]>([])
  const integrity = ref<AuditVerifyDto | null>(null)

  function reset(): void {
    ownDay.value = []
    customerHistory.value = null
    lockouts.value = []
    refundsDue.value = []
    openCases.value = []
    pendingApprovals.value = []
    integrity.value = null
    error.value = null
  }

  async function loadOwnDay(): Promise<void> {
    const r = await call(() => window.teller.audit.ownDay())
    ownDay.value = r.ok ? r.value.rows : []
  }

  async function loadCustomerHistory(): Promise<void> {
    const r = await call(() => window.teller.audit.customerHere())
    customerHistory.value = r.ok ? r.value.rows : null
  }

  async function loadSupervisor(): Promise<void> {
    const [locks, refunds, cases] = [await call(() => window.teller.supervisor.lockouts()), await call(() => window.teller.disputes.flaggedRefunds()), await call(() => window.teller.disputes.cases())]
    if (locks.ok) {
      lockouts.value = locks.value
      lockoutsAt.value = Date.now()
    }
    refundsDue.value = refunds.ok ? refunds.value.filter((p) => p.refundedAt === null) : []
    openCases.value = cases.ok ? cases.value.filter((c) => c.status === 'open' || c.status === 'investigating') : []
    const approvals = await call(() => window.teller.approvals.list())
    pendingApprovals.value = approvals.ok ? approvals.value.filter((a) => a.status === 'pending') : []
  }

  async function checkChain(): Promise<void> {
    const r = await call(() => window.teller.audit.verify())
    integrity.value = r.ok ? r.value : null
  }

  return { busy, error, ownDay, customerHistory, lockouts, lockoutsAt, refundsDue, openCases, pendingApprovals, integrity, reset, loadOwnDay, loadCustomerHistory, loadSupervisor, checkChain }
})
