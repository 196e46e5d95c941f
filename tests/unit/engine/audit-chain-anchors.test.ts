import { describe, expect, it } from 'vitest'
import { buildEvent, GENESIS_HASH } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditEventRow, ChainAnchorPlace } from '../../../src/main/engine/audit/audit.repo'
import { WorkstationChains } from '../../../src/main/engine/audit/audit-verify-chains'

/**
 * Issue 14, retention in branch mode: a workstation chain whose oldest events retention removed
 * verifies from its anchor (migration 0019: its last removed place, seq and link); checkpoints of
 * removed places no longer count, except that the anchor must be what was signed at its place.
 */
const AT = '2036-03-10T04:00:00.000Z'
const KEY1 = { version: 1, key: Buffer.alloc(32, 1) }
const input = (ws: string, i: number) => ({ actorStaffId: null, workstation: ws, action: 'customer.signIn', outcome: 'success' as const, details: { i } })

/** `n` events of one chain from place 1, seqs 10 apart. */
function chain(ws: string, n: number): AuditEventRow[] {
  const rows: AuditEventRow[] = []
  let prev = { seq: 0, hash: GENESIS_HASH, chainSeq: 0 }
  for (let i = 1; i <= n; i++) {
    const row = buildEvent(input(ws, i), { ...prev, seq: i * 10 - 1 }, AT, KEY1)
    rows.push(row)
    prev = { seq: row.seq, hash: row.hash, chainSeq: row.chainSeq! }
  }
  return rows
}

const anchorAt = (row: AuditEventRow): ChainAnchorPlace => ({ chain: row.workstation, chainSeq: row.chainSeq!, seq: row.seq, hash: row.hash })

function walk(chains: WorkstationChains, rows: AuditEventRow[]): WorkstationChains {
  for (const r of rows) chains.step(r, KEY1.key, true)
  chains.finish(1)
  return chains
}

describe('workstation chains after retention (per-chain anchors)', () => {
  const rows = chain('ws-a', 6)
  const kept = rows.slice(3)

  it('the events kept verify from the anchor at the last removed event; without it they do not', () => {
    expect(walk(new WorkstationChains([anchorAt(rows[2]!)]), kept).breaks).toEqual([])
    expect(walk(new WorkstationChains(), kept).breaks).toEqual([{ chain: 'ws-a', chainSeq: 1, brokenAt: kept[0]!.seq, reason: 'link' }])
  })

  it('a chain all of whose events were removed verifies with none left', () => {
    expect(walk(new WorkstationChains([anchorAt(rows[5]!)]), []).breaks).toEqual([])
  })

  it('checkpoints of removed places are passed over; one at the anchor must have signed the anchor\'s link', () => {
    const ok = new WorkstationChains([anchorAt(rows[2]!)])
    expect(ok.expect([['ws-a', 2, rows[1]!.hash]], 1)).toBe(true)
    expect(ok.expect([['ws-a', 3, rows[2]!.hash]], 1)).toBe(true)
    expect(ok.expect([['ws-a', 5, rows[4]!.hash]], 1)).toBe(true)
    expect(walk(ok, kept).breaks).toEqual([])
    const forged = new WorkstationChains([{ ...anchorAt(rows[2]!), hash: 'f'.repeat(64) }])
    forged.expect([['ws-a', 3, rows[2]!.hash]], 1)
    expect(walk(forged, kept).breaks).toMatchObject([{ chain: 'ws-a', chainSeq: 3, reason: 'checkpoint' }])
  })

  it('after retention, deleting the newest events is still named (the first one gone, after the last kept)', () => {
    const chains = new WorkstationChains([anchorAt(rows[2]!)])
    chains.expect([['ws-a', 6, rows[5]!.hash]], 1)
    expect(walk(chains, kept.slice(0, 1)).breaks).toEqual([{ chain: 'ws-a', chainSeq: 5, brokenAt: kept[0]!.seq + 1, reason: 'missing' }])
    const none = new WorkstationChains([anchorAt(rows[2]!)])
    none.expect([['ws-a', 6, rows[5]!.hash]], 1)
    expect(walk(none, []).breaks).toEqual([{ chain: 'ws-a', chainSeq: 4, brokenAt: rows[2]!.seq + 1, reason: 'missing' }])
  })

  it('a chain that starts again from place 1 after its anchor is refused at its first event', () => {
    const restarted = chain('ws-a', 2)
    expect(walk(new WorkstationChains([anchorAt(rows[2]!)]), restarted).breaks).toEqual([{ chain: 'ws-a', chainSeq: 4, brokenAt: restarted[0]!.seq, reason: 'link' }])
  })
})
