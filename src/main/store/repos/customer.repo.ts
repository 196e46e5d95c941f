import type { EntityManager } from 'typeorm'
import type { CustomerRepo } from '../../engine/customers/customer.repo'

export class SqlCustomerRepo implements CustomerRepo {
  constructor(private readonly m: EntityManager) {}
}
