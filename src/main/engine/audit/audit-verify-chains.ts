import { CHAIN_START, chainLinksTo, type ChainPlace } from './audit-chain-rules'
import type { AuditEventRow, ChainAnchorPlace, ChainHead } from './audit.repo'

/** link, checkpoint, missing: as for the single chain (audit-verify.ts). */
export type ChainBreakReason = 'link' | 'checkpoint' | 'missing'

/**
 * The first bad event of one workstation chain: its place in the chain and its seq (for events
 * gone, `brokenAt` is the seq after the chain's last good event).
 */
export interface ChainBreak {
  chain: string
  chainSeq: number
  brokenAt: number
  reason: ChainBreakReason
}

interface Walk {
  place: ChainPlace
  lastSeq: number
  /** The places the checkpoints read so far vouch for, ahead of `place`, ascending. */
  vouched: [number, string][]
  /** The last place a checkpoint vouched for, kept once met: the next checkpoint repeats it for an idle chain. */
  horizon: [number, string] | null
  broken: boolean
  /** The last place retention removed and its link (none when none): checkpoints up to it vouch for events no longer kept. */
  purged: [number, string] | null
}

/**
 * The workstation chains of branch mode (migration 0018) as one walk in seq order meets their
 * events: each event must take the next place of its chain, linked onto the previous one, and
 * every place a checkpoint vouched for must hold the head it signed. Memory: one entry per chain,
 * plus the checkpoints read ahead of the walk. A broken chain is named once (its first bad event);
 * the other chains go on being checked.
 */
export class WorkstationChains {
  private readonly walks = new Map<string, Walk>()
  readonly breaks: ChainBreak[] = []

  /** `anchors`: where retention left each chain (its last removed place, seq and link); a chain not named starts at CHAIN_START. */
  constructor(anchors: readonly ChainAnchorPlace[] = []) {
    for (const a of anchors) this.walks.set(a.chain, { place: { chainSeq: a.chainSeq, hash: a.hash }, lastSeq: a.seq, vouched: [], horizon: null, broken: false, purged: [a.chainSeq, a.hash] })
  }

  private walk(chain: string): Walk {
    let w = this.walks.get(chain)
    if (!w) this.walks.set(chain, (w = { place: CHAIN_START, lastSeq: 0, vouched: [], horizon: null, broken: false, purged: null }))
    return w
  }

  /** The furthest place of `chain` the checkpoints read so far vouch for (0 when none). */
  horizon(chain: string): number {
    return this.walks.get(chain)?.horizon?.[0] ?? 0
  }

  /** Takes in what one checkpoint vouches for; false when it goes backwards on some chain (not a checkpoint of this trail). */
  expect(heads: ChainHead[], fromSeq: number): boolean {
    for (const [chain, size, head] of heads) {
      const w = this.walk(chain)
      const last = w.horizon
      if (last && size < last[0]) return false
      if (last && size === last[0]) {
        if (head !== last[1]) this.fail(chain, w, last[0], w.lastSeq === 0 ? fromSeq : w.lastSeq + 1, 'checkpoint')
        continue
      }
      w.horizon = [size, head]
      // A place retention removed: only the anchor is still known (it must be what was signed there).
      if (w.purged && size <= w.purged[0]) {
        if (size === w.purged[0] && head !== w.purged[1]) this.fail(chain, w, size, w.lastSeq, 'checkpoint')
        continue
      }
      w.vouched.push([size, head])
    }
    return true
  }

  /** Checks one event of a workstation chain; `key` is the chain key of its version. */
  step(row: AuditEventRow, key: Buffer | null, formatHolds: boolean): void {
    const chain = row.workstation
    const w = this.walk(chain)
    if (w.broken) return
    if (!formatHolds || !chainLinksTo(row, w.place, key)) return this.fail(chain, w, w.place.chainSeq + 1, row.seq, 'link')
    w.place = { chainSeq: row.chainSeq!, hash: row.hash }
    w.lastSeq = row.seq
    while (w.vouched.length > 0 && w.vouched[0]![0] <= row.chainSeq!) {
      const [size, head] = w.vouched.shift()!
      if (size === row.chainSeq && head !== row.hash) return this.fail(chain, w, size, row.seq, 'checkpoint')
    }
  }

  /** The walk is over: any vouched place not reached is an event gone. */
  finish(fromSeq: number): void {
    for (const chain of [...this.walks.keys()].sort()) {
      const w = this.walks.get(chain)!
      if (!w.broken && w.vouched.length > 0) this.fail(chain, w, w.place.chainSeq + 1, w.lastSeq === 0 ? fromSeq : w.lastSeq + 1, 'missing')
    }
  }

  private fail(chain: string, w: Walk, chainSeq: number, brokenAt: number, reason: ChainBreakReason): void {
    if (w.broken) return
    w.broken = true
    w.vouched = []
    this.breaks.push({ chain, chainSeq, brokenAt, reason })
  }
}
