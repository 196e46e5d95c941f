import type { AuditVerifyDto } from '../../../shared/dto'
import { checkpointAge, checkpointIsSigned, checkpointReach } from './audit-checkpoint-rules'
import type { AuditKeys } from './audit-keys'
import type { ChainVerdict, WitnessedCheckpoint } from './audit-verify'
import type { Witness } from './witness'

/** Branch mode: how many workstation chains a witnessed checkpoint covers, and how many events in all. */
export interface CheckpointCoverage {
  chains: number
  events: number
}

/**
 * The coverage of the checkpoint the verdict stands on (`cp`: its size and time), read from the
 * witness line that signed it; null for a checkpoint of the single chain (local store) or an
 * acknowledged restore. Only a line signed by this store's checkpoint key counts.
 */
export async function checkpointCoverage(witness: Witness | null, keys: Pick<AuditKeys, 'checkpointSigner'>, cp: WitnessedCheckpoint): Promise<CheckpointCoverage | null> {
  if (!witness) return null
  const pub = keys.checkpointSigner().publicKey
  let found: CheckpointCoverage | null = null
  for await (const line of witness.read()) {
    if (!checkpointIsSigned(line, pub) || line.size !== cp.size || line.at !== cp.at) continue
    found = line.chains ? { chains: line.chains.length, events: checkpointReach(line) } : null
  }
  return found
}

/**
 * What `audit:verify` tells the screen (and `admin audit verify` prints): the verdict's counts,
 * places and reasons, the checkpoint with its age and coverage, the last witness failure by kind;
 * built field by field, so nothing else of the walk (links, keys, events) can reach the teller's UI.
 */
export function verifyDto(verdict: ChainVerdict, now: Date, coverage: CheckpointCoverage | null, witnessError: string | null): AuditVerifyDto {
  const cp = verdict.checkpoint
  const checkpoint = cp ? { size: cp.size, at: cp.at, ageSeconds: checkpointAge(cp.at, now), ...(coverage ? { chains: coverage.chains, events: coverage.events } : {}) } : null
  const witness = witnessError ? { witnessError } : {}
  if (verdict.ok) {
    const rollbacks = verdict.rollbacks?.map((r) => ({ from: r.from, to: r.to, at: r.at, by: r.by }))
    return { ok: true, count: verdict.count, checkpoint, ...(rollbacks ? { rollbacks } : {}), ...witness }
  }
  const chain = verdict.chain !== undefined && verdict.chainSeq !== undefined ? { chain: verdict.chain, chainSeq: verdict.chainSeq } : {}
  const breaks = verdict.breaks?.map((b) => ({ chain: b.chain, chainSeq: b.chainSeq, brokenAt: b.brokenAt, reason: b.reason }))
  return { ok: false, brokenAt: verdict.brokenAt, reason: verdict.reason, ...chain, ...(breaks ? { breaks } : {}), checkpoint, ...witness }
}
