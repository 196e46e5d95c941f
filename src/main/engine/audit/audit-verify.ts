import { linksTo } from './audit-chain-rules'
import { resealedLinksTo, resealMacVersion, sealedFormatHolds } from './audit-seal-rules'
import { checkpointIsSigned, restoreAckIsSigned } from './audit-checkpoint-rules'
import type { AuditKeys } from './audit-keys'
import type { AuditEventRow, AuditRepo, ChainAnchor, ChainHead, ChainLink } from './audit.repo'
import { WorkstationChains, type ChainBreak } from './audit-verify-chains'
import { prelinked } from './audit-prelink'
import type { Witness } from './witness'

/** The latest checkpoint the witness holds for this chain. */
export interface WitnessedCheckpoint {
  size: number
  at: string
}

/**
 * link: an event does not follow its predecessor under its key (edited, forged, reordered);
 * checkpoint: the chain at a witnessed size is not the chain that was witnessed (rewritten, or an
 * older copy that went on recording); missing: witnessed events are gone (deleted newest events,
 * an older copy of the file); witness: the witness holds a line this store's key did not sign.
 */
export type BreakReason = 'link' | 'checkpoint' | 'missing' | 'witness'

export type ChainVerdict =
  | { ok: true; count: number; checkpoint: WitnessedCheckpoint | null; rollbacks?: AcknowledgedRollback[] }
  | {
      ok: false
      brokenAt: number
      reason: BreakReason
      checkpoint: WitnessedCheckpoint | null
      /** Branch mode: the workstation chain of the first bad event, its place there, and every broken chain's first bad event. */
      chain?: string
      chainSeq?: number
      breaks?: ChainBreak[]
    }

/** A restore of an older copy that an administrator acknowledged in the witness (signed). */
export interface AcknowledgedRollback {
  /** Events the witness had vouched for before. */
  from: number
  /** The restored chain's length, its restore event included. */
  to: number
  at: string
  by: string
}

/** What the walk needs of a witnessed line: the chain had `size` events, the last with link `head`. */
interface Voucher {
  size: number
  head: string
  at: string
  keyedFrom: number
  chains?: ChainHead[]
}

type Line = { kind: 'checkpoint'; v: Voucher } | { kind: 'ack'; v: Voucher; ack: AcknowledgedRollback } | { kind: 'bad' }

const isAck = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind !== undefined

function lineOf(value: unknown, keys: Pick<AuditKeys, 'checkpointSigner'>): Line {
  const pub = keys.checkpointSigner().publicKey
  if (isAck(value)) {
    if (!restoreAckIsSigned(value, pub)) return { kind: 'bad' }
    return { kind: 'ack', v: value, ack: { from: value.from, to: value.size, at: value.at, by: value.by } }
  }
  return checkpointIsSigned(value, pub) ? { kind: 'checkpoint', v: value } : { kind: 'bad' }
}

/**
 * Walks the checkpoints of the witness, oldest first, each signed and none going backwards. An
 * acknowledged restore supersedes the earlier checkpoints at or beyond the length it restored to
 * (a first pass finds them); it then vouches for the restored chain like a checkpoint.
 */
class Checkpoints {
  private it: AsyncIterator<unknown> | null = null
  private index = -1
  /** For each acknowledgement, its line and the smallest size any acknowledgement from there on restored to. */
  private acks: { index: number; minTo: number }[] = []
  latest: WitnessedCheckpoint | null = null
  rollbacks: AcknowledgedRollback[] = []
  constructor(
    private readonly witness: Witness | null,
    private readonly keys: Pick<AuditKeys, 'checkpointSigner'>,
  ) {}

  private async open(): Promise<void> {
    if (!this.witness || this.it) return
    let i = 0
    for await (const value of this.witness.read()) {
      // Only the acknowledgements matter to this first pass; the checkpoints' signatures are checked on the walk.
      const line = isAck(value) ? lineOf(value, this.keys) : null
      if (line?.kind === 'ack') {
        this.acks.push({ index: i, minTo: line.v.size })
        this.rollbacks.push(line.ack)
      }
      i++
    }
    for (let k = this.acks.length - 2; k >= 0; k--) this.acks[k]!.minTo = Math.min(this.acks[k]!.minTo, this.acks[k + 1]!.minTo)
    this.it = this.witness.read()[Symbol.asyncIterator]()
  }

  /** The smallest size an acknowledgement after line `i` restored to (Infinity when none): an earlier line of that size or more is superseded. */
  private supersededAbove(i: number): number {
    const later = this.acks.find((a) => a.index > i)
    return later ? later.minTo : Infinity
  }

  async next(): Promise<Voucher | 'bad' | null> {
    await this.open()
    if (!this.it) return null
    for (;;) {
      const r = await this.it.next()
      if (r.done) return null
      this.index++
      const line = lineOf(r.value, this.keys)
      if (line.kind === 'bad') return 'bad'
      if (line.v.size >= this.supersededAbove(this.index)) continue
      if (this.latest && line.v.size < this.latest.size) return 'bad'
      this.latest = { size: line.v.size, at: line.v.at }
      return line.v
    }
  }
}

/** The latest checkpoint (or acknowledged restore) the witness holds that still stands. */
export async function witnessedTail(witness: Witness | null, keys: Pick<AuditKeys, 'checkpointSigner'>): Promise<WitnessedCheckpoint | null> {
  const cps = new Checkpoints(witness, keys)
  while ((await cps.next()) !== null) {
    /* walk to the end */
  }
  return cps.latest
}

/**
 * Verifies the chain page by page (flat memory) against every checkpoint of the witness, and
 * names the first event that is not what was recorded. In branch mode (migration 0018) the events
 * from `chainsFrom` on belong to their workstation's chain: each chain is checked on its own, and
 * against every checkpoint's (size, head) for it; the first bad event of each chain is named.
 * Checkpoints are read only as far ahead of the walk as the events need.
 */
export async function verifyAuditChain(repo: AuditRepo, keys: Pick<AuditKeys, 'chainKeyAt' | 'checkpointSigner'>, witness: Witness | null, pages: AsyncIterable<AuditEventRow>): Promise<ChainVerdict> {
  const start = await repo.anchor()
  const keyedFrom = await repo.keyedFrom()
  const sealedFrom = await repo.sealedFrom()
  const chainsFrom = (await repo.chainsFrom()) ?? Infinity
  const cps = new Checkpoints(witness, keys)
  // Each workstation chain starts where retention left it (migration 0019), else at its start.
  const chains = new WorkstationChains(await repo.chainAnchors())
  const fail = (brokenAt: number, reason: BreakReason): ChainVerdict => ({ ok: false, brokenAt, reason, checkpoint: cps.latest })
  const keyCache = new Map<number, Buffer | null>()
  const keyAt = async (version: number): Promise<Buffer | null> => {
    if (!keyCache.has(version)) keyCache.set(version, await keys.chainKeyAt(version))
    return keyCache.get(version) ?? null
  }
  // The single chain: where it stands (from the anchor: events purged by retention are known by it), and what the checkpoints vouch for ahead.
  let prev: ChainLink = { seq: start.lastSeq, hash: start.lastHash }
  let vouched = start.lastSeq
  const ahead: Voucher[] = []
  let horizon = -1
  let exhausted = false
  /** Reads the next checkpoint; a verdict when it breaks the single chain or is not ours. */
  const readAhead = async (): Promise<ChainVerdict | null> => {
    const cp = await cps.next()
    if (cp === null) exhausted = true
    if (cp === 'bad' || (cp && (cp.keyedFrom !== keyedFrom || !chains.expect(cp.chains ?? [], chainsFrom)))) return cp !== 'bad' && cp.keyedFrom !== keyedFrom ? fail(vouched + 1, 'checkpoint') : fail(vouched + 1, 'witness')
    if (!cp || cp.size <= horizon) return null
    horizon = cp.size
    // Checkpoints of events since purged by retention: the anchor is the one event still known.
    if (cp.size < prev.seq) return null
    if (cp.size === prev.seq) return cp.head === prev.hash ? null : fail(prev.seq + 1, 'checkpoint')
    ahead.push(cp)
    return null
  }
  let count = 0
  // Events removed by retention are known by the anchor; its move must be recorded in the chain
  // (a keyed `audit.retention` event naming the last removed event and the archive's SHA-256,
  // committed with the purge), else events were removed behind the app (review, issue 14).
  let anchorRecorded = start.lastSeq === 0
  for await (const row of prelinked(pages, keyAt)) {
    if (!anchorRecorded && row.action === 'audit.retention') anchorRecorded = recordsRetention(row, start)
    const inChains = row.seq >= chainsFrom
    if (inChains !== (row.chainSeq !== null && row.chainSeq !== undefined)) return fail(inChains ? row.seq : prev.seq + 1, 'link')
    if (inChains) {
      while (!exhausted && chains.horizon(row.workstation) < row.chainSeq!) {
        const bad = await readAhead()
        if (bad) return bad
      }
      const key = row.keyVersion === null ? null : await keyAt(row.keyVersion)
      chains.step(row, key, row.resealMac === null && (row.seq < sealedFrom || sealedFormatHolds(row)))
      count++
      continue
    }
    while (!exhausted && horizon < row.seq) {
      const bad = await readAhead()
      if (bad) return bad
    }
    // An event sealed in place (issue 15) is vouched for by its reseal MAC; any other by its link,
    // and from the sealed part on it names no customer but by a pseudonym.
    if (row.resealMac !== null) {
      const version = resealMacVersion(row.resealMac)
      if (!resealedLinksTo(row, prev, keyedFrom, sealedFrom, version === null ? null : await keyAt(version))) return fail(prev.seq + 1, 'link')
    } else {
      const key = row.keyVersion === null ? null : await keyAt(row.keyVersion)
      if (!linksTo(row, prev, keyedFrom, key) || (row.seq >= sealedFrom && !sealedFormatHolds(row))) return fail(prev.seq + 1, 'link')
    }
    prev = { seq: row.seq, hash: row.hash }
    count++
    while (ahead.length > 0 && ahead[0]!.size === row.seq) {
      if (ahead.shift()!.head !== row.hash) return fail(vouched + 1, 'checkpoint')
      vouched = row.seq
    }
  }
  while (!exhausted) {
    const bad = await readAhead()
    if (bad) return bad
  }
  if (ahead.length > 0) return fail(prev.seq + 1, 'missing')
  if (!anchorRecorded) return fail(start.lastSeq, 'missing')
  chains.finish(chainsFrom)
  const first = chains.breaks[0]
  if (first) return { ok: false, brokenAt: first.brokenAt, reason: first.reason, checkpoint: cps.latest, chain: first.chain, chainSeq: first.chainSeq, breaks: chains.breaks }
  // Named only when there is one: a store never restored verifies as it always did.
  return { ok: true, count, checkpoint: cps.latest, ...(cps.rollbacks.length ? { rollbacks: cps.rollbacks } : {}) }
}

/** Does this event record the retention that left the anchor where it is: the last removed event and the archive's SHA-256? */
function recordsRetention(row: AuditEventRow, anchor: ChainAnchor): boolean {
  if (row.outcome !== 'success') return false
  try {
    const d = JSON.parse(row.details) as { toSeq?: unknown; archiveSha256?: unknown }
    return d.toSeq === anchor.lastSeq && typeof d.archiveSha256 === 'string' && d.archiveSha256 === anchor.archiveSha256
  } catch {
    return false
  }
}
