import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { GENESIS_HASH } from '../../../src/main/engine/audit/audit.service'
import { buildEvent, type LinkKey } from '../../../src/main/engine/audit/audit-chain-rules'
import type { AuditEventRow } from '../../../src/main/engine/audit/audit.repo'
import { AUDIT_CSV_HEADER, auditCsvLine } from '../../../src/main/engine/kernel/csv'
import { FakeClock } from '../../support/fake-clock'
import { readSealedArchive } from '../../../src/main/engine/audit/audit-archive'
import { auditFor } from '../../support/audit-service'
import { openStore } from '../../../src/main/store/data-source'
import { tempDir } from '../../support/temp-engine'

const dir = tempDir('teller-audit-')
afterAll(() => dir.cleanup())

/** A valid chain of `n` events straight into the table, one a second from `from`: quicker than n appends. */
async function seedChain(ds: DataSource, n: number, from: string, key: LinkKey): Promise<AuditEventRow[]> {
  const rows: AuditEventRow[] = []
  let prev = { seq: 0, hash: GENESIS_HASH }
  for (let i = 0; i < n; i++) {
    const row = buildEvent({ actorStaffId: null, workstation: 'ws', customerRef: null, action: 'customer.signIn', outcome: 'success', details: { i } }, prev, new Date(Date.parse(from) + i * 1000).toISOString(), key)
    rows.push(row)
    prev = row
  }
  await ds.transaction(async (m) => {
    for (const r of rows) {
      await m.query('INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        r.seq, r.at, r.actorStaffId, r.workstation, r.customerRef, r.action, r.outcome, r.details, r.prevHash, r.hash, r.keyVersion,
      ])
    }
  })
  return rows
}

describe('audit durability and retention (S21)', () => {
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })

  it('a kill -9 during a write burst loses no committed row, and the chain still verifies', async () => {
    const path = join(dir.path, 'burst.sqlite')
    await (await openStore({ path })).destroy() // migrate once, outside the child
    // The writer itself (not an npx wrapper) receives the SIGKILL.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/audit-writer.ts', path], { stdio: ['ignore', 'pipe', 'pipe'] })
    let lastCommitted = 0
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the writer did not start')), 60_000)
      child.stdout.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/committed (\d+)/g)) lastCommitted = Math.max(lastCommitted, Number(m[1]))
        if (lastCommitted >= 300) {
          clearTimeout(timer)
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((r) => child.on('exit', r))
    expect(child.signalCode).toBe('SIGKILL')
    ds = await openStore({ path })
    const { audit } = await auditFor(ds, new FakeClock())
    const check = await audit.verifyChain()
    expect(check.ok).toBe(true)
    expect((check as { count: number }).count).toBeGreaterThanOrEqual(lastCommitted)
  })

  it('keeps rows younger than 10 years: the database refuses to delete them, even oldest first', async () => {
    ds = await openStore({ path: join(dir.path, 'young.sqlite') })
    const clock = new FakeClock(new Date(Date.now() - 9 * 365 * 24 * 3600_000))
    const { audit } = await auditFor(ds, clock)
    await audit.record({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' })
    await expect(ds.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/kept 10 years/)
    await expect(audit.retention(join(dir.path, 'archive-young'), { staffId: null, workstation: 'ws' })).resolves.toEqual({ purged: 0, archive: null })
  })

  it('archives then purges only rows older than 10 years, oldest first, re-anchors the chain and audits itself', async () => {
    ds = await openStore({ path: join(dir.path, 'old.sqlite') })
    const clock = new FakeClock('2014-05-01T06:00:00.000Z')
    const { audit, keys } = await auditFor(ds, clock)
    for (let i = 0; i < 5; i++) await audit.record({ actorStaffId: null, workstation: 'ws', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' })
    clock.set(new Date(Date.now() - 24 * 3600_000)) // yesterday: young rows
    for (let i = 0; i < 3; i++) await audit.record({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' })
    // Not the oldest row: refused even though it is old.
    await expect(ds.query('DELETE FROM audit_event WHERE seq = 2')).rejects.toThrow(/oldest first/)
    clock.set(new Date())
    const result = await audit.retention(join(dir.path, 'archive'), { staffId: 'sup-1', workstation: 'ws-sup' })
    expect(result.purged).toBe(5)
    expect(existsSync(result.archive!)).toBe(true)
    // Only the app's user can list or read the archives (issue 11): folder 0700, file 0600.
    expect(statSync(join(dir.path, 'archive')).mode & 0o777).toBe(0o700)
    expect(statSync(result.archive!).mode & 0o777).toBe(0o600)
    const archived = (await readSealedArchive(result.archive!, keys)).text.trimEnd().split('\r\n')
    expect(archived).toHaveLength(6)
    expect(archived[1]).toMatch(/^"1","2014-05-01T06:00:00\.000Z",/)
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 4, checkpoint: null })
    const seqs = ((await ds.query('SELECT seq, action FROM audit_event ORDER BY seq')) as { seq: number; action: string }[])
    expect(seqs.map((r) => r.seq)).toEqual([6, 7, 8, 9])
    expect(seqs.at(-1)!.action).toBe('audit.retention')
    // Tampering with a kept row is still caught after the purge.
    await ds.query('DROP TRIGGER audit_event_no_update')
    await ds.query(`UPDATE audit_event SET workstation = 'forged' WHERE seq = 7`)
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 7, reason: 'link', checkpoint: null })
  })

  it('verifies and archives a chain longer than one read batch, byte for byte, and finds tampering past the first batch', async () => {
    ds = await openStore({ path: join(dir.path, 'long.sqlite') })
    const clock = new FakeClock(new Date(Date.now() - 24 * 3600_000))
    const { audit, keys } = await auditFor(ds, clock)
    const old = await seedChain(ds, 5_002, '2014-05-01T06:00:00.000Z', keys.chainKey())
    await audit.record({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' })
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 5_003, checkpoint: null })
    clock.set(new Date())
    const result = await audit.retention(join(dir.path, 'archive-long'), { staffId: 'sup-1', workstation: 'ws-sup' })
    expect(result).toEqual({ purged: 5_002, archive: join(dir.path, 'archive-long', 'audit-archive-1-5002.sealed') })
    const expected = [AUDIT_CSV_HEADER, ...old.map(auditCsvLine)].join('\r\n') + '\r\n'
    // Sealed (issue 15): the CSV inside is byte for byte; the SHA-256 in the chain is over the sealed file.
    expect((await readSealedArchive(result.archive!, keys)).text).toBe(expected)
    const anchor = ((await ds.query('SELECT last_seq, last_hash, archive_sha256 FROM audit_anchor')) as Record<string, unknown>[])[0]
    expect(anchor).toEqual({ last_seq: 5_002, last_hash: old.at(-1)!.hash, archive_sha256: createHash('sha256').update(readFileSync(result.archive!)).digest('hex') })
    expect(await audit.verifyChain()).toEqual({ ok: true, count: 2, checkpoint: null })

    const tampered = await openStore({ path: join(dir.path, 'tampered.sqlite') })
    try {
      const { audit: check, keys: checkKeys } = await auditFor(tampered, clock)
      await seedChain(tampered, 5_001, '2020-01-01T00:00:00.000Z', checkKeys.chainKey())
      expect(await check.verifyChain()).toEqual({ ok: true, count: 5_001, checkpoint: null })
      await tampered.query('DROP TRIGGER audit_event_no_update')
      await tampered.query(`UPDATE audit_event SET workstation = 'forged' WHERE seq = 5001`)
      expect(await check.verifyChain()).toEqual({ ok: false, brokenAt: 5001, reason: 'link', checkpoint: null })
    } finally {
      await tampered.destroy()
    }
  })

  it('the purge commits with its audit.retention event: when that event cannot be written, no event is removed and the anchor stays (issue 14)', async () => {
    ds = await openStore({ path: join(dir.path, 'atomic-retention.sqlite') })
    const clock = new FakeClock(new Date(Date.now() - 24 * 3600_000))
    const { audit, keys } = await auditFor(ds, clock)
    await seedChain(ds, 5, '2014-05-01T06:00:00.000Z', keys.chainKey())
    await audit.record({ actorStaffId: null, workstation: 'ws', action: 'customer.signIn', outcome: 'success' })
    clock.set(new Date())
    // The retention event's write fails (a full disk, a crash between the two writes).
    const patched = audit as unknown as { builder(input: { action: string }): Promise<unknown> }
    const real = patched.builder.bind(audit)
    patched.builder = async (input) => {
      if (input.action === 'audit.retention') throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' })
      return real(input)
    }
    await expect(audit.retention(join(dir.path, 'archive-atomic'), { staffId: 'sup-1', workstation: 'ws-sup' })).rejects.toThrow()
    const rows = () => ds!.query('SELECT COUNT(*) AS n FROM audit_event') as Promise<{ n: number }[]>
    expect(await rows()).toEqual([{ n: 6 }])
    expect(await ds.query('SELECT last_seq FROM audit_anchor')).not.toContainEqual({ last_seq: 5 })
    // The archive of events still in the store is gone too: the next run writes it again.
    expect(existsSync(join(dir.path, 'archive-atomic', 'audit-archive-1-5.sealed'))).toBe(false)
    patched.builder = real
    expect(await audit.retention(join(dir.path, 'archive-atomic'), { staffId: 'sup-1', workstation: 'ws-sup' })).toMatchObject({ purged: 5 })
    expect(await rows()).toEqual([{ n: 2 }])
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 2 })
  })

  it('events removed behind the app with the anchor moved consistently (no audit.retention event naming it) are found: verification names the last removed event (issue 14 review)', async () => {
    ds = await openStore({ path: join(dir.path, 'unrecorded-purge.sqlite') })
    const { audit, keys } = await auditFor(ds, new FakeClock())
    const rows = await seedChain(ds, 6, '2014-05-01T06:00:00.000Z', keys.chainKey())
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 6 })
    for (const t of ['audit_event_no_update', 'audit_event_retention_only']) await ds.query(`DROP TRIGGER IF EXISTS ${t}`)
    await ds.query('DELETE FROM audit_event WHERE seq <= 3')
    await ds.query(`INSERT INTO audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256) VALUES (1, 3, ?, 't', 'none.sealed', ?)`, [rows[2]!.hash, 'c'.repeat(64)])
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 3, reason: 'missing', checkpoint: null })
  })
})
