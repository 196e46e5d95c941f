import { EntitySchema } from 'typeorm'

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditEventRow {
  seq: number
  at: string
  actorStaffId: string | null
  workstation: string
  customerRef: string | null
  action: string
  outcome: AuditOutcome
  /** Canonical JSON of non-secret details (codes, ids, reasons); never keys, passwords or PANs. */
  details: string
  prevHash: string
  hash: string
}

export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_event',
  columns: {
    seq: { type: 'integer', primary: true },
    at: { type: 'varchar', length: 32 },
    actorStaffId: { name: 'actor_staff_id', type: 'varchar', length: 36, nullable: true },
    workstation: { type: 'varchar', length: 128 },
    customerRef: { name: 'customer_ref', type: 'varchar', length: 64, nullable: true },
    action: { type: 'varchar', length: 64 },
    outcome: { type: 'varchar', length: 16 },
    details: { type: 'text' },
    prevHash: { name: 'prev_hash', type: 'varchar', length: 64 },
    hash: { type: 'varchar', length: 64 },
  },
})
