import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildEvent, chainLinksTo, GENESIS_HASH, hashEvent } from '../../../src/main/engine/audit/audit-chain-rules'
import { checkpointIsSigned, checkpointReach, signCheckpoint } from '../../../src/main/engine/audit/audit-checkpoint-rules'

/** Issue 14 (scale): one chain per workstation in branch mode, tied together by the checkpoints. */
const AT = '2026-03-10T04:00:00.000Z'
const KEY1 = { version: 1, key: Buffer.alloc(32, 1) }
const input = (ws: string) => ({ actorStaffId: null, workstation: ws, action: 'customer.signIn', outcome: 'success' as const, details: { a: 1 } })

describe('per-workstation audit chains', () => {
  it('an event of a workstation chain takes the next global seq and the next place in its own chain, linked onto its own head', () => {
    const first = buildEvent(input('ws-a'), { seq: 41, hash: GENESIS_HASH, chainSeq: 0 }, AT, KEY1)
    expect(first).toMatchObject({ seq: 42, chainSeq: 1, prevHash: GENESIS_HASH, keyVersion: 1 })
    const second = buildEvent(input('ws-a'), { seq: 99, hash: first.hash, chainSeq: 1 }, AT, KEY1)
    expect(second).toMatchObject({ seq: 100, chainSeq: 2, prevHash: first.hash })
    expect(chainLinksTo(first, { chainSeq: 0, hash: GENESIS_HASH }, KEY1.key)).toBe(true)
    expect(chainLinksTo(second, { chainSeq: 1, hash: first.hash }, KEY1.key)).toBe(true)
  })

  it('the place in the chain is part of what is linked: moving, skipping or unkeying an event breaks its link', () => {
    const row = buildEvent(input('ws-a'), { seq: 4, hash: 'a'.repeat(64), chainSeq: 3 }, AT, KEY1)
    expect(chainLinksTo({ ...row, chainSeq: 5 }, { chainSeq: 4, hash: 'a'.repeat(64) }, KEY1.key)).toBe(false)
    expect(chainLinksTo(row, { chainSeq: 2, hash: 'a'.repeat(64) }, KEY1.key)).toBe(false)
    expect(chainLinksTo(row, { chainSeq: 3, hash: 'b'.repeat(64) }, KEY1.key)).toBe(false)
    expect(chainLinksTo({ ...row, workstation: 'ws-b' }, { chainSeq: 3, hash: 'a'.repeat(64) }, KEY1.key)).toBe(false)
    expect(chainLinksTo({ ...row, keyVersion: null }, { chainSeq: 3, hash: 'a'.repeat(64) }, null)).toBe(false)
    expect(chainLinksTo(row, { chainSeq: 3, hash: 'a'.repeat(64) }, Buffer.alloc(32, 9))).toBe(false)
  })

  it('an event of the single chain hashes exactly as before (no chainSeq in what is linked)', () => {
    const row = buildEvent(input('ws-a'), { seq: 7, hash: 'a'.repeat(64) }, AT, KEY1)
    expect('chainSeq' in row).toBe(false)
    const { hash, ...rest } = row
    expect(hashEvent({ ...rest, chainSeq: null }, KEY1.key)).toBe(hash)
  })

  it('a checkpoint covers every chain (size, head): signed, and a changed chain head breaks the signature', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const cp = signCheckpoint({ size: 3, head: 'a'.repeat(64), at: AT, keyedFrom: 1, chains: [['ws-b', 2, 'c'.repeat(64)], ['ws-a', 5, 'b'.repeat(64)]] }, privateKey)
    expect(cp.chains).toEqual([['ws-a', 5, 'b'.repeat(64)], ['ws-b', 2, 'c'.repeat(64)]])
    expect(checkpointIsSigned(JSON.parse(JSON.stringify(cp)), publicKey)).toBe(true)
    expect(checkpointIsSigned({ ...cp, chains: [['ws-a', 4, 'b'.repeat(64)], ['ws-b', 2, 'c'.repeat(64)]] }, publicKey)).toBe(false)
    expect(checkpointIsSigned({ ...cp, chains: undefined }, publicKey)).toBe(false)
    expect(checkpointIsSigned({ ...cp, chains: [['ws-a', 'x', 'b']] }, publicKey)).toBe(false)
    // A checkpoint of the single chain is signed and read exactly as before.
    const plain = signCheckpoint({ size: 3, head: 'a'.repeat(64), at: AT, keyedFrom: 1 }, privateKey)
    expect('chains' in plain).toBe(false)
    expect(checkpointIsSigned(plain, publicKey)).toBe(true)
    expect(checkpointReach(cp)).toBe(10)
    expect(checkpointReach(plain)).toBe(3)
  })
})
