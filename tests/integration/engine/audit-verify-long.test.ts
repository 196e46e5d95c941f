import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { buildEvent, GENESIS_HASH, type LinkKey } from '../../../src/main/engine/audit/audit-chain-rules'
import { LinkPool } from '../../../src/main/engine/audit/audit-link-pool'
import { FakeClock } from '../../support/fake-clock'
import { auditFor } from '../../support/audit-service'
import { openStore } from '../../../src/main/store/data-source'
import { tempDir } from '../../support/temp-engine'

/**
 * Issue 14: a long trail is walked with its links computed on a second thread and the link texts
 * written by SQLite while it reads (10,000,000 events in under a minute, `bench/audit-scale.bench.ts`).
 * Speed must not cost a single finding: the first bad event is named exactly as the plain walk named it.
 */
const dir = tempDir('teller-audit-long-')
afterAll(() => dir.cleanup())

const N = 45_000

/** A valid keyed chain of `n` events written straight into the table (quicker than n appends). */
async function seed(ds: DataSource, n: number, key: LinkKey): Promise<void> {
  let prev = { seq: 0, hash: GENESIS_HASH }
  const rows: unknown[][] = []
  for (let i = 1; i <= n; i++) {
    const row = buildEvent({ actorStaffId: i % 2 ? null : 'st-1', workstation: `ws-${i % 7}`, action: 'customer.signIn', outcome: 'success', details: { i, note: i % 1000 === 0 ? 'Әлия "quoted" \\ \n' : 'x' } }, prev, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), key)
    rows.push([row.seq, row.at, row.actorStaffId, row.workstation, row.action, row.outcome, row.details, row.prevHash, row.hash, row.keyVersion])
    prev = row
  }
  for (let from = 0; from < rows.length; from += 10_000) {
    await ds.query(
      `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, action, outcome, details, prev_hash, hash, key_version)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9 FROM json_each(?) j`,
      [JSON.stringify(rows.slice(from, from + 10_000))],
    )
  }
}

describe('verifying a long trail (issue 14: the second thread and the link texts SQLite writes)', () => {
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })

  async function longStore(name: string) {
    ds = await openStore({ path: join(dir.path, `${name}.sqlite`) })
    const { audit, keys } = await auditFor(ds, new FakeClock('2026-03-10T04:00:00.000Z'))
    await seed(ds, N, keys.chainKey())
    await ds.query('DROP TRIGGER audit_event_no_update')
    return audit
  }

  it('a chain of 45,000 events verifies; an event edited past the part walked alone is named, and so is one in it', async () => {
    const audit = await longStore('edited')
    expect(await audit.verifyChain()).toEqual({ ok: true, count: N, checkpoint: null })
    await ds!.query(`UPDATE audit_event SET details = '{"i":33334,"note":"y"}' WHERE seq = 33333`)
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 33_333, reason: 'link', checkpoint: null })
    await ds!.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq = 1234`)
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 1_234, reason: 'link', checkpoint: null })
  })

  it('the last events (the short tail after the last full batch) are checked too', async () => {
    const audit = await longStore('tail')
    await ds!.query(`UPDATE audit_event SET workstation = 'forged' WHERE seq = ?`, [N])
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: N, reason: 'link', checkpoint: null })
  })

  it('a value SQLite cannot put into JSON (a BLOB written behind the app) is named as a bad event, not a failed walk', async () => {
    const audit = await longStore('blob')
    await ds!.query(`UPDATE audit_event SET details = X'7B7D' WHERE seq = 40000`)
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 40_000, reason: 'link', checkpoint: null })
  })

  it('an event stored as JSONB blobs (read as bytes by every other query) is named: the JSON page does not decode it back to the text it was', async () => {
    const audit = await longStore('jsonb')
    await ds!.query(`UPDATE audit_event SET action = jsonb(json_quote(action)), workstation = jsonb(json_quote(workstation)) WHERE seq = 30001`)
    expect(await ds!.query(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'customer.signIn'`)).toEqual([{ n: N - 1 }])
    expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 30_001, reason: 'link', checkpoint: null })
  })

  it('every link is computed on the second thread when one can start: the walk is the same without it', async () => {
    const audit = await longStore('pool')
    const opened: LinkPool[] = []
    const open = LinkPool.open
    LinkPool.open = () => {
      const pool = open()
      if (pool) opened.push(pool)
      return pool
    }
    try {
      expect(await audit.verifyChain()).toEqual({ ok: true, count: N, checkpoint: null })
      expect(opened).toHaveLength(1)
      LinkPool.open = () => null
      await ds!.query(`UPDATE audit_event SET at = '2026-01-01T10:00:00.000Z' WHERE seq = 44000`)
      expect(await audit.verifyChain()).toEqual({ ok: false, brokenAt: 44_000, reason: 'link', checkpoint: null })
    } finally {
      LinkPool.open = open
    }
  })
})
