import type { EntityManager } from 'typeorm'
import type { FraudRepo } from '../../engine/payments/fraud.repo'

export class SqlFraudRepo implements FraudRepo {
  constructor(private readonly m: EntityManager) {}
}
