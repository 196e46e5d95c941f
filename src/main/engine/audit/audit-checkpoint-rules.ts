import { sign, verify, type KeyObject } from 'node:crypto'
import { canonical } from './audit-chain-rules'

/** A statement about the chain: `size` events ever recorded, the last one's link `head`, at `at`. */
export interface Checkpoint {
  size: number
  head: string
  at: string
  /** Where the keyed part of the chain starts (migration 0010): moving it is caught too. */
  keyedFrom: number
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over the canonical JSON of the checkpoint, base64. */
  sig: string
}

/** When a checkpoint is due: every `everyEvents` events, or `everyMs` after the last one when events came since. */
export interface CheckpointPolicy {
  everyEvents: number
  everyMs: number
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyEvents: 256, everyMs: 1_000 }

const message = (cp: Checkpoint) => Buffer.from(canonical({ size: cp.size, head: cp.head, at: cp.at, keyedFrom: cp.keyedFrom }))

export function signCheckpoint(cp: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  return { size: cp.size, head: cp.head, at: cp.at, keyedFrom: cp.keyedFrom, sig: sign(null, message(cp), privateKey).toString('base64') }
}

/** Is it a checkpoint of ours: well-formed and signed by this store's checkpoint key? */
export function checkpointIsSigned(value: unknown, publicKey: KeyObject): value is SignedCheckpoint {
  if (typeof value !== 'object' || value === null) return false
  const cp = value as Record<string, unknown>
  if (!Number.isSafeInteger(cp.size) || !Number.isSafeInteger(cp.keyedFrom) || typeof cp.head !== 'string' || typeof cp.at !== 'string' || typeof cp.sig !== 'string') return false
  try {
    return verify(null, message(cp as unknown as Checkpoint), publicKey, Buffer.from(cp.sig, 'base64'))
  } catch {
    return false
  }
}

/** The witness file format: one JSON object a line. */
export function checkpointLine(cp: SignedCheckpoint): string {
  return `${JSON.stringify(cp)}\n`
}

/** Whole seconds from the checkpoint to `now` (never negative: a clock set back shows 0). */
export function checkpointAge(at: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000))
}
