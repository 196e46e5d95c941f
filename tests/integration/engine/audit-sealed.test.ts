import { createHash, createHmac } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AUDIT_CSV_HEADER } from '../../../src/main/engine/kernel/csv'
import { FakeClock } from '../../support/fake-clock'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { SUPERVISOR } from '../../support/customers'

const PHONE = '+77012345678'
const REASON = 'Caller said he was Ivanov Serik'

type Raw = { seq: number; customer_ref: string | null; customer_sealed: string | null; details: string; action: string; outcome: string }
const raw = async (t: TestEngine, action: string): Promise<Raw[]> => (await t.engine.ds.query(`SELECT * FROM audit_event WHERE action = ? ORDER BY seq`, [action])) as Raw[]

/** The phone as digits, as UTF-8 and as UTF-16LE: what a scan of the bytes looks for. */
function leaks(bytes: Buffer, secrets: string[]): string[] {
  return secrets.filter((s) => bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le')))
}

describe('the audit trail names the customer by a keyed pseudonym and seals the phone and free text (issue 15)', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())

  it('stores an HMAC pseudonym (b1:) and a sealed copy bound to its seq, never the phone or a typed reason', async () => {
    await t.engine.audit.record({ actorStaffId: SUPERVISOR.staffId, workstation: 'ws', customerRef: PHONE, action: 'customer.block', outcome: 'success', details: { reason: REASON } })
    const [row] = await raw(t, 'customer.block')
    const pseudonym = `b1:${createHmac('sha256', (await t.engine.keys.macAt('blind-index', 1))!).update(PHONE).digest('hex')}`
    expect(row!.customer_ref).toBe(pseudonym)
    expect(row!.customer_sealed).toMatch(/^k1:v1\./)
    expect(JSON.stringify(row)).not.toContain('7012345678')
    expect(JSON.stringify(row)).not.toContain('Ivanov')
    expect(JSON.parse(row!.details)).toEqual({ reason: expect.stringMatching(/^k1:v1\./) })
    // The sealed copy opens only as the copy of this event's customer.
    expect(t.engine.keys.openField(row!.customer_sealed!, `audit_event:customer_sealed:${row!.seq}`)).toBe(PHONE)
    expect(() => t.engine.keys.openField(row!.customer_sealed!, `audit_event:customer_sealed:${row!.seq + 1}`)).toThrow()
  })

  it('supervisors search by phone as typed and see the phone and the reason; the CSV export shows them; the search itself keeps no phone', async () => {
    await t.engine.audit.record({ actorStaffId: SUPERVISOR.staffId, workstation: 'ws', customerRef: PHONE, action: 'customer.block', outcome: 'success', details: { reason: REASON } })
    await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', customerRef: '+77471234567', action: 'customer.signIn', outcome: 'success' })
    const page = await t.engine.gate.auditDesk.search({ phone: '8 701 234 56 78' }, null, 50, SUPERVISOR)
    expect(page.rows).toEqual([expect.objectContaining({ customerRef: PHONE, action: 'customer.block', details: { reason: REASON } })])
    const csv = await t.engine.gate.auditDesk.exportCsv({ phone: PHONE }, SUPERVISOR)
    const lines = csv.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(AUDIT_CSV_HEADER)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`"'${PHONE}"`)
    expect(lines[1]).toContain(REASON)
    const searches = await raw(t, 'audit.search')
    expect(searches).toHaveLength(1)
    expect(JSON.stringify(searches)).not.toMatch(/701\s?234/)
    const opened = await t.engine.gate.auditDesk.search({ action: 'audit.search' }, null, 50, SUPERVISOR)
    expect(opened.rows[0]!.details).toEqual({ filters: JSON.stringify({ phone: '8 701 234 56 78' }) })
  })

  it('the chain covers the stored sealed values: verification passes, and a sealed copy moved from another event breaks the link', async () => {
    for (const p of [PHONE, '+77471234567']) await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', customerRef: p, action: 'customer.signIn', outcome: 'success' })
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
    const rows = await raw(t, 'customer.signIn')
    await t.engine.ds.query('DROP TRIGGER audit_event_no_update')
    await t.engine.ds.query('UPDATE audit_event SET customer_sealed = ? WHERE seq = ?', [rows[1]!.customer_sealed, rows[0]!.seq])
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: rows[0]!.seq, reason: 'link' })
  })
})

describe('retention archives are sealed files (issue 15)', () => {
  let t: TestEngine
  beforeEach(async () => {
    const clock = new FakeClock('2014-05-01T06:00:00.000Z')
    t = await startTestEngine({}, { clock })
    await t.engine.audit.record({ actorStaffId: SUPERVISOR.staffId, workstation: 'ws', customerRef: PHONE, action: 'customer.block', outcome: 'success', details: { reason: REASON } })
    await t.engine.audit.record({ actorStaffId: null, workstation: 'ws', customerRef: PHONE, action: 'customer.signIn', outcome: 'success' })
    t.clock.set('2026-03-10T04:00:00.000Z')
  })
  afterEach(async () => t.close())

  it('holds no clear phone or reason, its SHA-256 in the chain is over the sealed bytes, and archive-read opens it (audited)', async () => {
    const dir = join(t.dataDir, 'archive')
    const r = await t.engine.audit.retention(dir, { staffId: null, workstation: 'ws' })
    expect(r).toMatchObject({ purged: 2, archive: join(dir, 'audit-archive-1-2.sealed') })
    const bytes = readFileSync(r.archive!)
    expect(leaks(bytes, [PHONE, '7012345678', 'Ivanov', REASON])).toEqual([])
    const [retention] = await raw(t, 'audit.retention')
    expect(JSON.parse(retention!.details)).toMatchObject({ archiveSha256: createHash('sha256').update(bytes).digest('hex') })

    const read = await t.engine.audit.readArchive(r.archive!, SUPERVISOR)
    const lines = read.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(AUDIT_CSV_HEADER)
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(`"'${PHONE}"`)
    expect(lines[1]).toContain(REASON)
    expect(read.rows).toBe(2)
    const reads = await raw(t, 'audit.archiveRead')
    expect(reads).toEqual([expect.objectContaining({ outcome: 'success' })])
    expect(JSON.parse(reads[0]!.details)).toMatchObject({ archiveSha256: createHash('sha256').update(bytes).digest('hex'), rows: 2 })
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('refuses a tampered or truncated archive, and audits the refused read', async () => {
    const r = await t.engine.audit.retention(join(t.dataDir, 'archive'), { staffId: null, workstation: 'ws' })
    const bytes = readFileSync(r.archive!)
    const flipped = Buffer.from(bytes)
    flipped[bytes.length - 20]! ^= 0x01
    const tampered = join(t.dataDir, 'tampered.sealed')
    writeFileSync(tampered, flipped)
    await expect(t.engine.audit.readArchive(tampered, SUPERVISOR)).rejects.toThrow(/damaged or altered/)
    const truncated = join(t.dataDir, 'truncated.sealed')
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 5))
    await expect(t.engine.audit.readArchive(truncated, SUPERVISOR)).rejects.toThrow(/damaged or altered/)
    await expect(t.engine.audit.readArchive(join(t.dataDir, 'missing.sealed'), SUPERVISOR)).rejects.toThrow('The archive file cannot be read (ENOENT)')
    const reads = await raw(t, 'audit.archiveRead')
    expect(reads.map((x) => x.outcome)).toEqual(['failure', 'failure', 'failure'])
  })
})
