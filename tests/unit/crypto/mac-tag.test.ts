import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { macTag, macVersionOf } from '../../../src/main/engine/crypto/mac-tag'

describe('versioned HMAC tags (issue 13: rotatable session-key MAC, card fingerprint, blind index)', () => {
  const key = Buffer.alloc(32, 7)
  const hex = createHmac('sha256', key).update('+77012345678').digest('hex')

  it('version 1 is the bare 64-hex digest stored before versions existed, so old rows need no migration', () => {
    expect(macTag(key, 1, '+77012345678')).toBe(hex)
    expect(macVersionOf(hex)).toBe(1)
  })

  it('later versions name themselves and still fit the 64-character columns', () => {
    const tag = macTag(key, 2, '+77012345678')
    expect(tag).toBe(`v2.${hex.slice(0, 61)}`)
    expect(macVersionOf(tag)).toBe(2)
    const big = macTag(key, 123456, '+77012345678')
    expect(big).toHaveLength(64)
    expect(macVersionOf(big)).toBe(123456)
  })

  it('the same data under two versions gives different tags; different data under one version too', () => {
    expect(macTag(key, 2, 'a')).not.toBe(macTag(Buffer.alloc(32, 8), 2, 'a'))
    expect(macTag(key, 2, 'a')).not.toBe(macTag(key, 2, 'b'))
  })
})
