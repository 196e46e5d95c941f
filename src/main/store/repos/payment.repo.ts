import type { EntityManager } from 'typeorm'
import type { PaymentRepo } from '../../engine/payments/payment.repo'

export class SqlPaymentRepo implements PaymentRepo {
  constructor(private readonly m: EntityManager) {}
}
