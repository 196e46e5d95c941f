import { EntitySchema } from 'typeorm'
import type { CardRow } from '../../engine/payments/card.repo'

export const CardEntity = new EntitySchema<CardRow>({
  name: 'Card',
  tableName: 'card',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    customerId: { name: 'customer_id', type: 'varchar', length: 36 },
    fingerprint: { type: 'varchar', length: 64 },
    panSealed: { name: 'pan_sealed', type: 'text' },
    masked: { type: 'varchar', length: 19 },
    brand: { type: 'varchar', length: 16 },
    expMonth: { name: 'exp_month', type: 'integer' },
    expYear: { name: 'exp_year', type: 'integer' },
    issuerCountry: { name: 'issuer_country', type: 'varchar', length: 2 },
    threeDsEnrolled: { name: 'three_ds_enrolled', type: 'boolean' },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    lastUsedAt: { name: 'last_used_at', type: 'varchar', length: 32, nullable: true },
    status: { type: 'varchar', length: 8, default: 'saved' },
  },
})
