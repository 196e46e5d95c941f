import type { EntityManager } from 'typeorm'
import type { KeyRingRepo } from '../../engine/crypto/key-ring.repo'

export class SqlKeyRingRepo implements KeyRingRepo {
  constructor(private readonly m: EntityManager) {}
}
