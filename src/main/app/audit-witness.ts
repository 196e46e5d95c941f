import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { KeyObject } from 'node:crypto'
import { FileWitness } from '../engine/audit/file-witness'
import type { Witness } from '../engine/audit/witness'
import { PgWitness } from '../store/pg-witness'
import type { AppConfig } from './config'

/** Development only: the audit witness beside the store (production refuses a witness in the data folder). */
export const DEV_AUDIT_WITNESS = 'audit-witness.jsonl'

/**
 * The audit witness the configuration names (issue 14): the branch PostgreSQL server
 * (TELLER_AUDIT_WITNESS_PG_URL, for a workstation whose store is the local file), else the file
 * TELLER_AUDIT_WITNESS (development: beside the store). The server's is checked on opening.
 */
export async function configuredWitness(config: AppConfig, keys: CheckpointKeys): Promise<Witness> {
  if (!config.auditWitnessPg) return new FileWitness(config.auditWitness ?? join(config.dataDir, DEV_AUDIT_WITNESS))
  if (config.database) throw new Error('TELLER_AUDIT_WITNESS_PG_URL is for a workstation with the local store; in branch mode (TELLER_DB_URL) set TELLER_AUDIT_WITNESS instead.')
  return PgWitness.open(config.auditWitnessPg.url, config.auditWitnessPg.caFile, witnessStream(config.workstation, keys))
}

/** What can name the store to the witness: its checkpoint signing key. */
export interface CheckpointKeys {
  checkpointSigner(): { publicKey: KeyObject }
}

/**
 * The store's stream on the server: the workstation's name and the fingerprint of the store's
 * checkpoint key, so a reinstalled workstation (a new store, new keys) starts a stream of its own,
 * while an older copy of the same store (same keys) is held to what its stream witnessed.
 */
export function witnessStream(workstation: string, keys: CheckpointKeys): string {
  const fingerprint = createHash('sha256').update(keys.checkpointSigner().publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32)
  return `${workstation}:${fingerprint}`
}

/** The configured witness, checked writable: a witness that cannot be written is found at start, not at the first checkpoint. */
export async function openWitness(config: AppConfig, keys: CheckpointKeys): Promise<Witness> {
  const witness = await configuredWitness(config, keys)
  if (witness instanceof FileWitness) await witness.ensureWritable()
  return witness
}
