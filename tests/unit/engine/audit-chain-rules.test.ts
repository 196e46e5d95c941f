import { describe, expect, it } from 'vitest'
import {
  archiveFileName,
  buildEvent,
  canonical,
  GENESIS_HASH,
  hashEvent,
  linksTo,
  retentionCutoff,
} from '../../../src/main/engine/audit/audit-chain-rules'
import * as service from '../../../src/main/engine/audit/audit.service'

const AT = '2026-03-10T04:00:00.000Z'
const input = { actorStaffId: null, workstation: 'ws-1', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { b: 'x', a: 1 } }

describe('audit hash chain', () => {
  it('canonical JSON sorts the keys', () => {
    expect(canonical({ b: 'x', a: 1 })).toBe('{"a":1,"b":"x"}')
  })

  it('keeps the exact hash, so the stored chain still verifies', () => {
    const first = buildEvent(input, { seq: 0, hash: GENESIS_HASH }, AT)
    expect(first).toEqual({ seq: 1, at: AT, actorStaffId: null, workstation: 'ws-1', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: '{"a":1,"b":"x"}', prevHash: GENESIS_HASH, hash: 'fc94371d17bae32b19f944a1f3177a9d56a4aab3f8ef98b1650e4ee9d535ef42' })
    const { hash, ...rest } = first
    expect(hashEvent(rest)).toBe(hash)
  })

  it('an event without details or customer records {} and null', () => {
    const row = buildEvent({ actorStaffId: 's', workstation: 'w', action: 'a', outcome: 'denied' }, { seq: 41, hash: 'f'.repeat(64) }, AT)
    expect(row).toMatchObject({ seq: 42, customerRef: null, details: '{}', prevHash: 'f'.repeat(64) })
  })

  it('a row links to its predecessor only with the next seq, its hash as prevHash and unaltered content', () => {
    const prev = { seq: 7, hash: 'a'.repeat(64) }
    const row = buildEvent(input, prev, AT)
    expect(linksTo(row, prev)).toBe(true)
    expect(linksTo(row, { seq: 6, hash: prev.hash })).toBe(false)
    expect(linksTo(row, { seq: 7, hash: 'b'.repeat(64) })).toBe(false)
    expect(linksTo({ ...row, workstation: 'forged' }, prev)).toBe(false)
    expect(linksTo({ ...row, hash: 'c'.repeat(64) }, prev)).toBe(false)
  })

  it('the service still exports the chain helpers', () => {
    expect(service.GENESIS_HASH).toBe('0'.repeat(64))
    expect(service.hashEvent).toBe(hashEvent)
    expect(service.canonical).toBe(canonical)
  })
})

describe('retention cutoff: 10 years back in UTC', () => {
  it('is the same instant 10 calendar years earlier', () => {
    expect(retentionCutoff(new Date('2026-03-10T04:00:00.000Z')).toISOString()).toBe('2016-03-10T04:00:00.000Z')
  })

  it('a leap day rolls over to 1 March', () => {
    expect(retentionCutoff(new Date('2024-02-29T12:00:00.000Z')).toISOString()).toBe('2014-03-01T12:00:00.000Z')
  })

  it('names the archive by its seq range', () => {
    expect(archiveFileName(1, 5)).toBe('audit-archive-1-5.csv')
  })
})
