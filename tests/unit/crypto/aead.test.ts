import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, seal } from '../../../src/main/engine/crypto/aead'

const key = randomBytes(32)
const AAD = 'customer:1:phone'

/** Replaces the tag of a sealed value (v1.<iv>.<tag>.<ct>). */
function withTag(envelope: string, tag: (t: Buffer) => Buffer): string {
  const [v, iv, t, ct] = envelope.split('.')
  return [v, iv, tag(Buffer.from(t!, 'base64url')).toString('base64url'), ct].join('.')
}

describe('AES-256-GCM envelope: the tag is the full 16 bytes', () => {
  it('opens what it sealed', () => {
    expect(open(key, seal(key, Buffer.from('4400430000000000'), AAD), AAD).toString()).toBe('4400430000000000')
  })

  it('refuses a value whose tag was truncated to 4 bytes (a forger needs only 2^32 tries)', () => {
    const sealed = seal(key, Buffer.from('4400430000000000'), AAD)
    expect(() => open(key, withTag(sealed, (t) => t.subarray(0, 4)), AAD)).toThrow()
  })

  it.each([0, 1, 8, 12, 15, 17, 32])('refuses a %i-byte tag', (n) => {
    const sealed = seal(key, Buffer.from('secret'), AAD)
    expect(() => open(key, withTag(sealed, (t) => Buffer.concat([t, t]).subarray(0, n)), AAD)).toThrow()
  })
})
