import { EntitySchema } from 'typeorm'
import type { FraudCaseRow, FraudNoteRow } from '../../engine/payments/fraud.repo'

export const FraudCaseEntity = new EntitySchema<FraudCaseRow>({
  name: 'FraudCase',
  tableName: 'fraud_case',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    customerId: { name: 'customer_id', type: 'varchar', length: 36 },
    paymentId: { name: 'payment_id', type: 'varchar', length: 36, nullable: true },
    kind: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    resolution: { type: 'varchar', length: 16, nullable: true },
    openedBy: { name: 'opened_by', type: 'varchar', length: 36, nullable: true },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
})

export const FraudNoteEntity = new EntitySchema<FraudNoteRow>({
  name: 'FraudNote',
  tableName: 'fraud_note',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    caseId: { name: 'case_id', type: 'varchar', length: 36 },
    at: { type: 'varchar', length: 32 },
    staffId: { name: 'staff_id', type: 'varchar', length: 36, nullable: true },
    text: { type: 'text' },
  },
})
