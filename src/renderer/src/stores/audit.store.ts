import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditCheckpointStatusDto, AuditDayCountDto, AuditEventDto, AuditVerifyDto } from '../../../shared/dto'
import type { Channel } from '../../../shared/ipc/channels'
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract'
import type { Result } from '../../../shared/result'
import { useCall } from '../composables/use-call'

export type AuditFilters = RequestOf<typeof Channel.AuditSearch>['filters']

/** Supervisor's review of the audit trail (S21): pages of events, counts per day, integrity, CSV. */
export const useAuditStore = defineStore('audit', () => {
  const { busy, error, call } = useCall()
  const rows = ref<AuditEventDto[]>([])
  const cursor = ref<string | null>(null)
  const days = ref<AuditDayCountDto[]>([])
  const integrity = ref<AuditVerifyDto | null>(null)
  /** The checkpoint status as the page opens (issue 14): read from the witness, without walking the trail. */
  const checkpoint = ref<AuditCheckpointStatusDto | null>(null)

  /** Back to an empty screen, so audit rows do not outlive the page that showed them. */
  function reset(): void {
    rows.value = []
    cursor.value = null
    days.value = []
    integrity.value = null
    checkpoint.value = null
    error.value = null
  }

  async function search(filters: AuditFilters): Promise<void> {
    const page = await call(() => window.teller.audit.search({ filters, limit: 50 }))
    if (!page.ok) return
    rows.value = page.value.rows
    cursor.value = page.value.nextCursor
    const perDay = await call(() => window.teller.audit.perDay({ filters }))
    days.value = perDay.ok ? perDay.value : []
  }

  async function more(filters: AuditFilters): Promise<void> {
    if (!cursor.value) return
    const page = await call(() => window.teller.audit.search({ filters, cursor: cursor.value, limit: 50 }))
    if (!page.ok) return
    rows.value = [...rows.value, ...page.value.rows]
    cursor.value = page.value.nextCursor
  }

  async function verify(): Promise<void> {
    const r = await call(() => window.teller.audit.verify())
    integrity.value = r.ok ? r.value : null
  }

  async function loadCheckpoint(): Promise<void> {
    const r = await call(() => window.teller.audit.checkpoint())
    checkpoint.value = r.ok ? r.value : null
  }

  /** The file comes back to the page, which owns the download. */
  function exportCsv(filters: AuditFilters): Promise<Result<ResponseOf<typeof Channel.AuditExport>>> {
    return call(() => window.teller.audit.exportCsv({ filters }))
  }

  return { busy, error, rows, cursor, days, integrity, checkpoint, reset, search, more, verify, loadCheckpoint, exportCsv }
})
