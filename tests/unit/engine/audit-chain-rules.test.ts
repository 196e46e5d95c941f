import { generateKeyPairSync } from 'node:crypto'
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
import { checkpointIsSigned, signCheckpoint } from '../../../src/main/engine/audit/audit-checkpoint-rules'
import * as service from '../../../src/main/engine/audit/audit.service'

const AT = '2026-03-10T04:00:00.000Z'
const KEY1 = { version: 1, key: Buffer.alloc(32, 1) }
const KEY2 = { version: 2, key: Buffer.alloc(32, 2) }
const input = { actorStaffId: null, workstation: 'ws-1', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { b: 'x', a: 1 } }

describe('audit hash chain', () => {
  it('canonical JSON sorts the keys', () => {
    expect(canonical({ b: 'x', a: 1 })).toBe('{"a":1,"b":"x"}')
  })

  it('keeps the exact plain hash of the events before the keyed part, so a stored chain still verifies', () => {
    const first = buildEvent(input, { seq: 0, hash: GENESIS_HASH }, AT, null)
    expect(first).toEqual({ seq: 1, at: AT, actorStaffId: null, workstation: 'ws-1', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: '{"a":1,"b":"x"}', prevHash: GENESIS_HASH, hash: 'fc94371d17bae32b19f944a1f3177a9d56a4aab3f8ef98b1650e4ee9d535ef42', keyVersion: null, customerSealed: null, resealMac: null })
    const { hash, ...rest } = first
    expect(hashEvent(rest)).toBe(hash)
    expect(linksTo(first, { seq: 0, hash: GENESIS_HASH }, 2, null)).toBe(true)
  })

  it('an event without details or customer records {} and null', () => {
    const row = buildEvent({ actorStaffId: 's', workstation: 'w', action: 'a', outcome: 'denied' }, { seq: 41, hash: 'f'.repeat(64) }, AT, KEY1)
    expect(row).toMatchObject({ seq: 42, customerRef: null, details: '{}', prevHash: 'f'.repeat(64), keyVersion: 1 })
  })

  it('a keyed link is HMAC-SHA-256 under the key of its version: nobody without the key recomputes it', () => {
    const prev = { seq: 7, hash: 'a'.repeat(64) }
    const row = buildEvent(input, prev, AT, KEY1)
    const { hash, ...rest } = row
    expect(hash).not.toBe(hashEvent({ ...rest, keyVersion: null }))
    expect(hash).not.toBe(hashEvent(rest, KEY2.key))
    expect(linksTo(row, prev, 1, KEY1.key)).toBe(true)
    expect(linksTo(row, prev, 1, KEY2.key)).toBe(false)
    expect(linksTo(row, prev, 1, null)).toBe(false)
    // The version is signed too: relabelling it does not verify under the other key.
    expect(linksTo({ ...row, keyVersion: 2 }, prev, 1, KEY2.key)).toBe(false)
  })

  it('keyed exactly from where the keyed part starts: a plain link there (or a keyed one before) does not link', () => {
    const prev = { seq: 7, hash: 'a'.repeat(64) }
    const plain = buildEvent(input, prev, AT, null)
    expect(linksTo(plain, prev, 9, null)).toBe(true)
    expect(linksTo(plain, prev, 8, null)).toBe(false)
    const keyed = buildEvent(input, prev, AT, KEY1)
    expect(linksTo(keyed, prev, 8, KEY1.key)).toBe(true)
    expect(linksTo(keyed, prev, 9, KEY1.key)).toBe(false)
  })

  it('a row links to its predecessor only with the next seq, its hash as prevHash and unaltered content', () => {
    const prev = { seq: 7, hash: 'a'.repeat(64) }
    const row = buildEvent(input, prev, AT, KEY1)
    expect(linksTo(row, prev, 1, KEY1.key)).toBe(true)
    expect(linksTo(row, { seq: 6, hash: prev.hash }, 1, KEY1.key)).toBe(false)
    expect(linksTo(row, { seq: 7, hash: 'b'.repeat(64) }, 1, KEY1.key)).toBe(false)
    expect(linksTo({ ...row, workstation: 'forged' }, prev, 1, KEY1.key)).toBe(false)
    expect(linksTo({ ...row, hash: 'c'.repeat(64) }, prev, 1, KEY1.key)).toBe(false)
  })

  it('a checkpoint is Ed25519-signed over size, head, time and where the keyed part starts', () => {
    const mine = generateKeyPairSync('ed25519')
    const theirs = generateKeyPairSync('ed25519')
    const cp = signCheckpoint({ size: 42, head: 'a'.repeat(64), at: AT, keyedFrom: 1 }, mine.privateKey)
    expect(checkpointIsSigned(cp, mine.publicKey)).toBe(true)
    expect(checkpointIsSigned(JSON.parse(JSON.stringify(cp)), mine.publicKey)).toBe(true)
    expect(checkpointIsSigned(cp, theirs.publicKey)).toBe(false)
    for (const forged of [{ size: 41 }, { head: 'b'.repeat(64) }, { at: '2030-01-01T00:00:00.000Z' }, { keyedFrom: 99 }, { sig: 'AAAA' }]) {
      expect(checkpointIsSigned({ ...cp, ...forged }, mine.publicKey)).toBe(false)
    }
    expect(checkpointIsSigned('unreadable', mine.publicKey)).toBe(false)
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
    expect(archiveFileName(1, 5)).toBe('audit-archive-1-5.sealed')
  })
})
