import type { EntityManager } from 'typeorm'
import type { CardRepo } from '../../engine/payments/card.repo'

export class SqlCardRepo implements CardRepo {
  constructor(private readonly m: EntityManager) {}
}
