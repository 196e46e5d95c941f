import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonical, hashEvent } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditEventRow } from '../../../src/main/engine/audit/audit.repo'

/** The link as it was computed before the walk was made faster: the reference every stored link was made with. */
function referenceLink(row: Omit<AuditEventRow, 'hash'>, key: Buffer | null): string {
  const { prevHash, keyVersion, customerSealed, chainSeq, resealMac: _notLinked, ...base } = row
  const rest = chainSeq === null || chainSeq === undefined ? base : { ...base, chainSeq }
  const content = customerSealed === null || customerSealed === undefined ? rest : { ...rest, customerSealed }
  if (keyVersion === null || keyVersion === undefined) return createHash('sha256').update(prevHash).update(canonical(content as unknown as Record<string, unknown>)).digest('hex')
  return createHmac('sha256', key!).update(prevHash).update(canonical({ ...content, keyVersion })).digest('hex')
}

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const PIECES = ['', 'a', 'Ә', 'ұ', '"', '\\', '\n', '\u0000', '\u001f', '\u2028', '\ud83d\ude00', '\ud800', '</script>', '{"n":1}', 'customer.signIn', '+77012345678', ' ']

describe('the link of an event, written field by field', () => {
  it('is byte for byte the link the general canonical JSON gives, for 20,000 random events (every stored chain still verifies)', () => {
    const rnd = prng(14)
    const str = (): string => Array.from({ length: Math.floor(rnd() * 5) }, () => PIECES[Math.floor(rnd() * PIECES.length)]).join('')
    const maybe = <T>(v: () => T): T | null => (rnd() < 0.4 ? null : v())
    const key = Buffer.alloc(32, 7)
    for (let i = 0; i < 20_000; i++) {
      const keyed = rnd() < 0.7
      const row: Omit<AuditEventRow, 'hash'> = {
        seq: Math.floor(rnd() * 2 ** 40),
        at: str(),
        actorStaffId: maybe(str),
        workstation: str(),
        customerRef: maybe(str),
        customerSealed: maybe(str),
        action: str(),
        outcome: (['success', 'failure', 'denied'] as const)[i % 3]!,
        details: str(),
        prevHash: str(),
        keyVersion: keyed ? 1 + Math.floor(rnd() * 3) : null,
        resealMac: maybe(str),
        ...(rnd() < 0.5 ? { chainSeq: maybe(() => 1 + Math.floor(rnd() * 1000)) } : {}),
      }
      expect(hashEvent(row, keyed ? key : null), JSON.stringify(row)).toBe(referenceLink(row, keyed ? key : null))
    }
  })

  it('a row of another shape (a field it does not know, or one missing) takes the general path and still matches', () => {
    const base = { seq: 3, at: 'x', actorStaffId: null, workstation: 'w', customerRef: null, customerSealed: null, action: 'a', outcome: 'success' as const, details: '{}', prevHash: 'p', keyVersion: null, resealMac: null }
    const extra = { ...base, note: 'added behind the app' } as unknown as Omit<AuditEventRow, 'hash'>
    expect(hashEvent(extra)).toBe(referenceLink(extra, null))
    expect(hashEvent(extra)).not.toBe(hashEvent(base))
    const { details: _gone, ...missing } = base
    expect(hashEvent(missing as unknown as Omit<AuditEventRow, 'hash'>)).toBe(referenceLink(missing as unknown as Omit<AuditEventRow, 'hash'>, null))
  })

  it('a stored row (with its hash) links the same as the row without it', () => {
    const row = { seq: 3, at: 'x', actorStaffId: null, workstation: 'w', customerRef: null, customerSealed: null, action: 'a', outcome: 'success' as const, details: '{}', prevHash: 'p', keyVersion: 1, resealMac: null }
    const key = Buffer.alloc(32, 1)
    expect(hashEvent({ ...row, hash: 'whatever' } as Omit<AuditEventRow, 'hash'>, key)).toBe(referenceLink(row, key))
  })
})
