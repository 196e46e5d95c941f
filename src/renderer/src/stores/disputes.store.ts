import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { FraudCaseDto, PaymentReceiptDto, ReceiptDto } from '../../../shared/dto'
import type { Channel } from '../../../shared/ipc/channels'
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract'
import type { Result } from '../../../shared/result'
import { useCall } from '../composables/use-call'

/**
 * Supervisor: guaranteed refunds for payments that bypassed 3-D Secure (S18) and fraud cases
 * (S19, S20). Actions hand back the Result; the page decides what to clear and when to reload.
 */
export const useDisputesStore = defineStore('disputes', () => {
  const { busy, error, call } = useCall()
  const flagged = ref<PaymentReceiptDto[]>([])
  const cases = ref<FraudCaseDto[]>([])
  const toPayee = ref<PaymentReceiptDto[] | null>(null)
  /** The printable receipt of a refunded payment (the main process audits every print). */
  const printable = ref<ReceiptDto | null>(null)

  /** Back to an empty screen, so cases do not outlive the page that showed them. */
  function reset(): void {
    flagged.value = []
    cases.value = []
    toPayee.value = null
    printable.value = null
    error.value = null
  }

  async function load(): Promise<void> {
    const refunds = await call(() => window.teller.disputes.flaggedRefunds())
    flagged.value = refunds.ok ? refunds.value : []
    const list = await call(() => window.teller.disputes.cases())
    cases.value = list.ok ? list.value : []
  }

  function refund(paymentId: string, reason: string): Promise<Result<PaymentReceiptDto>> {
    return call(() => window.teller.disputes.refund({ paymentId, reason }))
  }

  function openCase(req: RequestOf<typeof Channel.FraudOpen>): Promise<Result<FraudCaseDto>> {
    return call(() => window.teller.disputes.openCase(req))
  }

  function addNote(caseId: string, text: string): Promise<Result<FraudCaseDto>> {
    return call(() => window.teller.disputes.addNote({ caseId, text }))
  }

  function setStatus(req: RequestOf<typeof Channel.FraudStatus>): Promise<Result<FraudCaseDto>> {
    return call(() => window.teller.disputes.setStatus(req))
  }

  /** Every customer's payments to one payee (issue 15: found through its keyed index; audited). */
  async function searchPayee(payee: string): Promise<void> {
    const r = await call(() => window.teller.disputes.paymentsToPayee({ payee }))
    toPayee.value = r.ok ? r.value : null
  }

  async function refundReceipt(paymentId: string): Promise<void> {
    printable.value = null
    const r = await call(() => window.teller.disputes.refundReceipt({ paymentId }))
    if (r.ok) printable.value = r.value
  }

  /** The file comes back to the page, which owns the download. */
  function exportCases(): Promise<Result<ResponseOf<typeof Channel.FraudExport>>> {
    return call(() => window.teller.disputes.exportCases())
  }

  return { busy, error, flagged, cases, toPayee, printable, reset, refundReceipt, searchPayee, load, refund, openCase, addNote, setStatus, exportCases }
})
