import { EntitySchema } from 'typeorm'
import type { PaymentRow } from '../../engine/payments/payment.repo'

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payment',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 64, unique: true },
    customerId: { name: 'customer_id', type: 'varchar', length: 36 },
    cardId: { name: 'card_id', type: 'varchar', length: 36 },
    providerId: { name: 'provider_id', type: 'varchar', length: 32 },
    params: { type: 'text' },
    payeeIndex: { name: 'payee_index', type: 'varchar', length: 64, nullable: true },
    amountTiyn: { name: 'amount_tiyn', type: 'integer' },
    currency: { type: 'varchar', length: 3 },
    state: { type: 'varchar', length: 12 },
    hostRef: { name: 'host_ref', type: 'varchar', length: 64, nullable: true },
    threeDs: { name: 'three_ds', type: 'varchar', length: 16, nullable: true },
    threeDsBypassed: { name: 'three_ds_bypassed', type: 'boolean', default: false },
    declineReason: { name: 'decline_reason', type: 'varchar', length: 64, nullable: true },
    staffId: { name: 'staff_id', type: 'varchar', length: 36, nullable: true },
    workstation: { type: 'varchar', length: 128 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
    refundedAt: { name: 'refunded_at', type: 'varchar', length: 32, nullable: true },
    refundReason: { name: 'refund_reason', type: 'text', nullable: true },
    refundedBy: { name: 'refunded_by', type: 'varchar', length: 36, nullable: true },
    receiptPrints: { name: 'receipt_prints', type: 'integer', default: 0 },
  },
})
