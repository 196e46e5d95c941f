import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { openStore } from '../../../src/main/store/data-source'
import { tempDir } from '../../support/temp-engine'

describe('migration 0001 (staff, audit_event)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })

  it('creates the staff and audit tables on an empty file, with WAL and foreign keys on', async () => {
    ds = await openStore({ path: join(dir.path, 'a.sqlite') })
    const tables = (await ds.query(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`)) as { name: string }[]
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['staff', 'audit_event', 'migrations']))
    expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }])
    expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])
  })

  it('refuses a staff role outside teller/supervisor', async () => {
    ds = await openStore({ path: join(dir.path, 'b.sqlite') })
    await expect(
      ds.query(`INSERT INTO staff (id, login, display_name, role, password_hash, disabled, created_at, updated_at) VALUES ('1','x','X','admin','h',0,'t','t')`),
    ).rejects.toThrow(/CHECK constraint/)
  })

  it('makes audit_event append-only: UPDATE and DELETE are aborted by the database', async () => {
    ds = await openStore({ path: join(dir.path, 'c.sqlite') })
    await ds.query(
      `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash)
       VALUES (1, 't', NULL, 'ws', NULL, 'a', 'success', '{}', '0', 'h1')`,
    )
    await expect(ds.query(`UPDATE audit_event SET action = 'b' WHERE seq = 1`)).rejects.toThrow(/append-only/)
    // Since migration 0004 only the 10-year retention job may delete (see migration-0004.test.ts).
    await expect(ds.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/kept 10 years/)
    expect(await ds.query('SELECT action FROM audit_event')).toEqual([{ action: 'a' }])
  })
})
