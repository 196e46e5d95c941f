import type { SignedCheckpoint, SignedRestoreAck } from './audit-checkpoint-rules'

/**
 * Somewhere outside the store that keeps the signed checkpoints of the audit chain: whoever
 * rewrites, shortens or rolls back the store file cannot take the witness with it.
 */
export interface Witness {
  /** Where it is, for the status line (a path; never a secret). */
  readonly where: string
  /** Appends one checkpoint; durable when it resolves. */
  append(cp: SignedCheckpoint): Promise<void>
  /** Appends an acknowledged restore (it goes backwards on purpose); durable when it resolves. */
  acknowledge(ack: SignedRestoreAck): Promise<void>
  /** Every recorded checkpoint, oldest first, each as parsed (unknown shape) or 'unreadable' for a damaged line. */
  read(): AsyncIterable<unknown>
  /** The same lines newest first, read from the end (the checkpoint status on the audit screen): no pass over the whole witness. */
  readNewestFirst(): AsyncIterable<unknown>
  /** Lets go of a connection (the branch server's witness); nothing to do for a file. */
  close?(): Promise<void>
}
