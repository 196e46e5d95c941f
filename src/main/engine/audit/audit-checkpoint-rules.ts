import { sign, verify, type KeyObject } from 'node:crypto'
import { canonical } from './audit-chain-rules'
import type { ChainHead } from './audit.repo'

/** A statement about the chain: `size` events ever recorded, the last one's link `head`, at `at`. */
export interface Checkpoint {
  size: number
  head: string
  at: string
  /** Where the keyed part of the chain starts (migration 0010): moving it is caught too. */
  keyedFrom: number
  /**
   * Branch mode (migration 0018): every workstation chain's (name, size, head), by name. `size` and
   * `head` above are then the single chain recorded before the workstation chains started.
   */
  chains?: ChainHead[]
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

/** A checkpoint of the single chain signs exactly what it did before migration 0018; one with chains signs them too. */
const message = (cp: Checkpoint) =>
  Buffer.from(canonical({ size: cp.size, head: cp.head, at: cp.at, keyedFrom: cp.keyedFrom, ...(cp.chains === undefined ? {} : { chains: cp.chains }) }))

const byName = (chains: ChainHead[]): ChainHead[] => [...chains].map(([c, n, h]): ChainHead => [c, n, h]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

export function signCheckpoint(cp: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  const base: Checkpoint = { size: cp.size, head: cp.head, at: cp.at, keyedFrom: cp.keyedFrom, ...(cp.chains === undefined ? {} : { chains: byName(cp.chains) }) }
  return { ...base, sig: sign(null, message(base), privateKey).toString('base64') }
}

/** How much of the trail a checkpoint vouches for (every chain's size summed): it never goes down. */
export function checkpointReach(cp: Checkpoint): number {
  return cp.size + (cp.chains ?? []).reduce((n, [, size]) => n + size, 0)
}

const isChainHeads = (v: unknown): v is ChainHead[] =>
  Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length === 3 && typeof c[0] === 'string' && Number.isSafeInteger(c[1]) && (c[1] as number) > 0 && typeof c[2] === 'string')

/** Is it a checkpoint of ours: well-formed and signed by this store's checkpoint key? */
export function checkpointIsSigned(value: unknown, publicKey: KeyObject): value is SignedCheckpoint {
  if (typeof value !== 'object' || value === null) return false
  const cp = value as Record<string, unknown>
  if (!Number.isSafeInteger(cp.size) || !Number.isSafeInteger(cp.keyedFrom) || typeof cp.head !== 'string' || typeof cp.at !== 'string' || typeof cp.sig !== 'string') return false
  if (cp.chains !== undefined && !isChainHeads(cp.chains)) return false
  try {
    return verify(null, message(cp as unknown as Checkpoint), publicKey, Buffer.from(cp.sig, 'base64'))
  } catch {
    return false
  }
}

/**
 * A restore of an older copy, acknowledged by an administrator: the chain now ends at `size` with
 * link `head` (the restore's own event), where the witness had vouched for `from` events. Every
 * earlier checkpoint beyond `size` is superseded; nothing else is forgiven.
 */
export interface RestoreAck {
  kind: 'restore'
  size: number
  head: string
  keyedFrom: number
  from: number
  at: string
  by: string
}

export interface SignedRestoreAck extends RestoreAck {
  sig: string
}

/** The signed message of an acknowledgement: it names its kind, so it can never pass for a checkpoint. */
const ackMessage = (a: RestoreAck) => Buffer.from(canonical({ kind: 'restore', size: a.size, head: a.head, keyedFrom: a.keyedFrom, from: a.from, at: a.at, by: a.by }))

export function signRestoreAck(a: Omit<RestoreAck, 'kind'>, privateKey: KeyObject): SignedRestoreAck {
  const ack: RestoreAck = { kind: 'restore', size: a.size, head: a.head, keyedFrom: a.keyedFrom, from: a.from, at: a.at, by: a.by }
  return { ...ack, sig: sign(null, ackMessage(ack), privateKey).toString('base64') }
}

/** Is it an acknowledged restore, well-formed and signed by this store's checkpoint key? */
export function restoreAckIsSigned(value: unknown, publicKey: KeyObject): value is SignedRestoreAck {
  if (typeof value !== 'object' || value === null) return false
  const a = value as Record<string, unknown>
  if (a.kind !== 'restore' || !Number.isSafeInteger(a.size) || !Number.isSafeInteger(a.keyedFrom) || !Number.isSafeInteger(a.from)) return false
  if (typeof a.head !== 'string' || typeof a.at !== 'string' || typeof a.by !== 'string' || typeof a.sig !== 'string') return false
  try {
    return verify(null, ackMessage(a as unknown as RestoreAck), publicKey, Buffer.from(a.sig, 'base64'))
  } catch {
    return false
  }
}

/** The witness file format: one JSON object a line. */
export function checkpointLine(cp: SignedCheckpoint | SignedRestoreAck): string {
  return `${JSON.stringify(cp)}\n`
}

/** Whole seconds from the checkpoint to `now` (never negative: a clock set back shows 0). */
export function checkpointAge(at: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000))
}
