import type { EntityManager } from 'typeorm'
import type { SmsStatusRepo } from '../../engine/sms/sms-status.repo'

export class SqlSmsStatusRepo implements SmsStatusRepo {
  constructor(private readonly m: EntityManager) {}
}
