import { linksTo } from './audit-chain-rules'
import { resealedLinksTo, resealMacVersion, sealedFormatHolds } from './audit-seal-rules'
import { checkpointIsSigned, type SignedCheckpoint } from './audit-checkpoint-rules'
import type { AuditKeys } from './audit-keys'
import type { AuditEventRow, AuditRepo, ChainLink } from './audit.repo'
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
  | { ok: true; count: number; checkpoint: WitnessedCheckpoint | null }
  | { ok: false; brokenAt: number; reason: BreakReason; checkpoint: WitnessedCheckpoint | null }

/** Walks the checkpoints of the witness, oldest first, each signed and none going backwards. */
class Checkpoints {
  private readonly it: AsyncIterator<unknown> | null
  latest: WitnessedCheckpoint | null = null
  constructor(
    witness: Witness | null,
    private readonly keys: Pick<AuditKeys, 'checkpointSigner'>,
  ) {
    this.it = witness ? witness.read()[Symbol.asyncIterator]() : null
  }

  async next(): Promise<SignedCheckpoint | 'bad' | null> {
    if (!this.it) return null
    const r = await this.it.next()
    if (r.done) return null
    if (!checkpointIsSigned(r.value, this.keys.checkpointSigner().publicKey)) return 'bad'
    if (this.latest && r.value.size < this.latest.size) return 'bad'
    this.latest = { size: r.value.size, at: r.value.at }
    return r.value
  }
}

/**
 * Verifies the chain page by page (flat memory) against every checkpoint of the witness, and
 * names the first event that is not what was recorded.
 */
export async function verifyAuditChain(repo: AuditRepo, keys: Pick<AuditKeys, 'chainKeyAt' | 'checkpointSigner'>, witness: Witness | null, pages: AsyncIterable<AuditEventRow>): Promise<ChainVerdict> {
  const start = await repo.anchor()
  const keyedFrom = await repo.keyedFrom()
  const sealedFrom = await repo.sealedFrom()
  const cps = new Checkpoints(witness, keys)
  const fail = (brokenAt: number, reason: BreakReason): ChainVerdict => ({ ok: false, brokenAt, reason, checkpoint: cps.latest })
  const keyCache = new Map<number, Buffer | null>()
  const keyAt = async (version: number): Promise<Buffer | null> => {
    if (!keyCache.has(version)) keyCache.set(version, await keys.chainKeyAt(version))
    return keyCache.get(version) ?? null
  }
  let prev: ChainLink = { seq: start.lastSeq, hash: start.lastHash }
  let vouched = start.lastSeq
  let count = 0
  let cp = await cps.next()
  // Checkpoints of events since purged by retention: the anchor is the one event still known.
  while (cp && cp !== 'bad' && cp.size <= start.lastSeq) {
    if (cp.size === start.lastSeq && cp.head !== start.lastHash) return fail(start.lastSeq + 1, 'checkpoint')
    cp = await cps.next()
  }
  for await (const row of pages) {
    if (cp === 'bad') return fail(vouched + 1, 'witness')
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
    while (cp && cp !== 'bad' && cp.size === row.seq) {
      if (cp.head !== row.hash || cp.keyedFrom !== keyedFrom) return fail(vouched + 1, 'checkpoint')
      vouched = row.seq
      cp = await cps.next()
    }
  }
  if (cp === 'bad') return fail(vouched + 1, 'witness')
  if (cp) return fail(prev.seq + 1, 'missing')
  return { ok: true, count, checkpoint: cps.latest }
}
