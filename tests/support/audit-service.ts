import type { DataSource } from 'typeorm'
import type { CheckpointPolicy } from '../../src/main/engine/audit/audit-checkpoint-rules'
import { AuditService } from '../../src/main/engine/audit/audit.service'
import type { Witness } from '../../src/main/engine/audit/witness'
import { PassphraseKek } from '../../src/main/engine/crypto/kek'
import { KeyRing } from '../../src/main/engine/crypto/key-ring'
import type { Clock } from '../../src/main/engine/kernel/clock'
import { SqlUnitOfWork } from '../../src/main/store/unit-of-work'

/** The audit service over a store with its real key ring (passphrase KEK: the same keys on every open of the file). */
export async function auditFor(ds: DataSource, clock: Clock, witness: Witness | null = null, policy?: CheckpointPolicy): Promise<{ audit: AuditService; keys: KeyRing }> {
  const uow = new SqlUnitOfWork(ds)
  const keys = await KeyRing.open(uow, new PassphraseKek('audit-test-passphrase-0123'), clock)
  return { audit: new AuditService(uow, clock, keys, witness, policy), keys }
}
