import type { EntityManager } from 'typeorm'
import type { SessionKeyRepo } from '../../engine/session-keys/session-key.repo'

export class SqlSessionKeyRepo implements SessionKeyRepo {
  constructor(private readonly m: EntityManager) {}
}
