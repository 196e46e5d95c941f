import type { AuditCheckpointStatusDto } from '../../../shared/dto'
import { checkpointAge, checkpointIsSigned, checkpointReach, restoreAckIsSigned } from './audit-checkpoint-rules'
import type { AuditKeys } from './audit-keys'
import type { Witness } from './witness'

/** The witness's newest line this store's checkpoint key signed: its size and time, and in branch mode the chains and events it covers. */
export interface LatestCheckpoint {
  size: number
  at: string
  chains?: number
  events?: number
}

/** No witness configured; the witness could not be read (the error's kind: a code or a name, never a message or a path); or what it holds. */
export type LatestWitnessed = { witness: 'none' } | { witness: 'unreadable'; kind: string } | { witness: 'read'; checkpoint: LatestCheckpoint | null }

const errorKind = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code)) return code
  return e instanceof Error && /^[A-Za-z]{1,40}$/.test(e.name) ? e.name : 'Error'
}

/**
 * The checkpoint status without walking the trail (issue 14): the newest line of the witness that
 * this store's checkpoint key signed, checkpoint or acknowledged restore; a line signed by another
 * key, or damaged, is passed over (it vouches for nothing). Read from the witness's end, so it
 * costs the lines after the latest signed one, not the witness, and never the events.
 */
export async function latestWitnessed(witness: Witness | null, keys: Pick<AuditKeys, 'checkpointSigner'>): Promise<LatestWitnessed> {
  if (!witness) return { witness: 'none' }
  const pub = keys.checkpointSigner().publicKey
  try {
    for await (const line of witness.readNewestFirst()) {
      if (restoreAckIsSigned(line, pub)) return { witness: 'read', checkpoint: { size: line.size, at: line.at } }
      if (!checkpointIsSigned(line, pub)) continue
      const chains = line.chains ? { chains: line.chains.length, events: checkpointReach(line) } : {}
      return { witness: 'read', checkpoint: { size: line.size, at: line.at, ...chains } }
    }
  } catch (e) {
    return { witness: 'unreadable', kind: errorKind(e) }
  }
  return { witness: 'read', checkpoint: null }
}

/** What `audit:checkpoint` tells the screen, field by field: the checkpoint with its age, or why there is none; the last witness write failure by kind. */
export function checkpointStatusDto(latest: LatestWitnessed, now: Date, witnessError: string | null): AuditCheckpointStatusDto {
  const failed = witnessError ? { witnessError } : {}
  if (latest.witness === 'none') return { witness: 'none' }
  if (latest.witness === 'unreadable') return { witness: 'unreadable', kind: latest.kind, ...failed }
  const cp = latest.checkpoint
  const coverage = cp?.chains !== undefined ? { chains: cp.chains, events: cp.events ?? 0 } : {}
  const checkpoint = cp ? { size: cp.size, at: cp.at, ageSeconds: checkpointAge(cp.at, now), ...coverage } : null
  return { witness: 'read', checkpoint, ...failed }
}
