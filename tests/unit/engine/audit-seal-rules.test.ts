import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildEvent, GENESIS_HASH } from '../../../src/main/engine/audit/audit-chain-rules'
import { clearRowIntact, detailsToSeal, pseudonym, PSEUDONYM, resealedLinksTo, resealMac, sealedFormatHolds } from '../../../src/main/engine/audit/audit-seal-rules'

const KEY = { version: 1, key: Buffer.alloc(32, 7) }
const CHAIN = { version: 2, key: Buffer.alloc(32, 9) }
const AT = '2026-01-01T00:00:00.000Z'

describe('audit sealing rules (issue 15)', () => {
  it('names a customer by a versioned HMAC of the phone: stable, keyed, not the phone', () => {
    const p = pseudonym('+77012345678', KEY)
    expect(p).toBe(`b1:${createHmac('sha256', KEY.key).update('+77012345678').digest('hex')}`)
    expect(p).toMatch(PSEUDONYM)
    expect(pseudonym('+77012345678', KEY)).toBe(p)
    expect(pseudonym('+77012345678', { version: 1, key: Buffer.alloc(32, 8) })).not.toBe(p)
    expect(pseudonym('+77012345678', { version: 2, key: KEY.key })).toMatch(/^b2:/)
  })

  it('seals the typed reasons and search filters of the actions that carry them, and any phone in any detail; codes and ids stay readable', () => {
    expect(detailsToSeal('customer.block', { reason: 'lost phone' })).toEqual(['reason'])
    expect(detailsToSeal('payment.refund', { paymentId: 'p-1', amountTiyn: 100, cause: 'manual', reason: 'double charge' })).toEqual(['reason'])
    expect(detailsToSeal('audit.search', { filters: '{}' })).toEqual(['filters'])
    expect(detailsToSeal('sessionKey.send', { purpose: 'verify', reason: 'SMS_UNAVAILABLE' })).toEqual([])
    expect(detailsToSeal('customer.lookup', { result: 'registered' })).toEqual([])
    for (const phone of ['+77012345678', '8 701 234 56 78', '+7 (701) 234-56-78', 'call 87012345678 back']) {
      expect(detailsToSeal('anything.new', { note: phone })).toEqual(['note'])
    }
    // Digests and ids that happen to hold digits are not phones.
    expect(detailsToSeal('audit.retention', { archiveSha256: `a87012345678${'b'.repeat(52)}`, purged: 87012345678 })).toEqual([])
  })

  it('an old event is vouched for in place by a MAC over its sealed row and unchanged link; any edit of it fails', () => {
    const clear = buildEvent({ actorStaffId: null, workstation: 'ws', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' }, { seq: 0, hash: GENESIS_HASH }, AT, CHAIN)
    expect(clearRowIntact(clear, 1, CHAIN.key)).toBe(true)
    expect(clearRowIntact({ ...clear, workstation: 'forged' }, 1, CHAIN.key)).toBe(false)
    const sealed = { ...clear, customerRef: pseudonym('+77012345678', KEY), customerSealed: 'k1:v1.x.y.z', resealMac: null }
    const row = { ...sealed, resealMac: resealMac(sealed, CHAIN) }
    expect(row.resealMac).toMatch(/^2:[0-9a-f]{64}$/)
    const prev = { seq: 0, hash: GENESIS_HASH }
    expect(resealedLinksTo(row, prev, 1, 2, CHAIN.key)).toBe(true)
    expect(resealedLinksTo({ ...row, customerRef: pseudonym('+77470000000', KEY) }, prev, 1, 2, CHAIN.key)).toBe(false)
    expect(resealedLinksTo({ ...row, customerSealed: 'k1:v1.a.b.c' }, prev, 1, 2, CHAIN.key)).toBe(false)
    expect(resealedLinksTo({ ...row, hash: 'f'.repeat(64) }, prev, 1, 2, CHAIN.key)).toBe(false)
    expect(resealedLinksTo(row, prev, 1, 2, Buffer.alloc(32, 1))).toBe(false)
    // Only events from before the sealed format may be sealed in place.
    expect(resealedLinksTo(row, prev, 1, 1, CHAIN.key)).toBe(false)
    // A clear phone is never what an event sealed in place names.
    const clearRef = { ...sealed, customerRef: '+77012345678' }
    expect(resealedLinksTo({ ...clearRef, resealMac: resealMac(clearRef, CHAIN) }, prev, 1, 2, CHAIN.key)).toBe(false)
  })

  it('events of the sealed part name the customer only by a pseudonym with a sealed copy', () => {
    const base = buildEvent({ actorStaffId: null, workstation: 'ws', action: 'staff.signIn', outcome: 'success' }, { seq: 0, hash: GENESIS_HASH }, AT, CHAIN)
    expect(sealedFormatHolds(base)).toBe(true)
    expect(sealedFormatHolds({ ...base, customerRef: pseudonym('+77012345678', KEY), customerSealed: 'k1:v1.x.y.z' })).toBe(true)
    expect(sealedFormatHolds({ ...base, customerRef: '+77012345678', customerSealed: 'k1:v1.x.y.z' })).toBe(false)
    expect(sealedFormatHolds({ ...base, customerRef: pseudonym('+77012345678', KEY), customerSealed: null })).toBe(false)
    expect(sealedFormatHolds({ ...base, resealMac: '1:' + 'a'.repeat(64) })).toBe(false)
  })
})
