import { EntitySchema } from 'typeorm'
import type { AuditEventRow } from '../../engine/audit/audit.repo'

export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_event',
  columns: {
    seq: { type: 'integer', primary: true },
    at: { type: 'varchar', length: 32 },
    actorStaffId: { name: 'actor_staff_id', type: 'varchar', length: 36, nullable: true },
    workstation: { type: 'varchar', length: 128 },
    customerRef: { name: 'customer_ref', type: 'varchar', length: 80, nullable: true },
    customerSealed: { name: 'customer_sealed', type: 'text', nullable: true },
    action: { type: 'varchar', length: 64 },
    outcome: { type: 'varchar', length: 16 },
    details: { type: 'text' },
    prevHash: { name: 'prev_hash', type: 'varchar', length: 64 },
    hash: { type: 'varchar', length: 64 },
    keyVersion: { name: 'key_version', type: 'integer', nullable: true },
    resealMac: { name: 'reseal_mac', type: 'varchar', length: 80, nullable: true },
    chainSeq: { name: 'chain_seq', type: 'integer', nullable: true },
  },
})
