import { z } from 'zod'
import type { AuditCheckpointStatusDto, AuditDayCountDto, AuditPageDto, AuditVerifyDto } from '../../dto'
import { channel, response } from './define'
import { auditFiltersSchema, empty } from './schemas'

export const auditChannels = {
  search: channel({
    name: 'audit:search',
    access: 'supervisor',
    request: z
      .object({
        filters: auditFiltersSchema,
        cursor: z.string().max(200).nullable().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    response: response<AuditPageDto>(),
  }),
  verify: channel({ name: 'audit:verify', access: 'supervisor', request: empty, response: response<AuditVerifyDto>() }),
  /** The checkpoint status as the audit screen opens (issue 14): read from the witness's end, no walk of the trail. */
  checkpoint: channel({ name: 'audit:checkpoint', access: 'supervisor', request: empty, response: response<AuditCheckpointStatusDto>() }),
  exportCsv: channel({
    name: 'audit:export',
    access: 'supervisor',
    request: z.object({ filters: auditFiltersSchema }).strict(),
    response: response<{ fileName: string; csv: string; rows: number }>(),
  }),
  /** A teller's own actions today; no filter can be passed, so none can be widened. */
  ownDay: channel({ name: 'audit:ownDay', access: 'teller', request: empty, response: response<AuditPageDto>() }),
  /** The history of the customer signed in at this window's counter. */
  customerHere: channel({ name: 'audit:customerHere', access: 'teller', request: empty, response: response<AuditPageDto>() }),
  perDay: channel({
    name: 'audit:perDay',
    access: 'supervisor',
    request: z.object({ filters: auditFiltersSchema }).strict(),
    response: response<AuditDayCountDto[]>(),
  }),
}
