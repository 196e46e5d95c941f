import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const NAME = 'Approvals1764000000015'
const at = migrations.findIndex((m) => m.name === NAME)
const REQ = `INSERT INTO approval_request (id, kind, params_sealed, maker_id, maker_workstation, maker_reason_sealed, created_at, expires_at, status, checker_id)
  VALUES (?, 'customer.unblock', 'k1:x', 'maker', 'ws', 'k1:y', 't', 't2', ?, ?)`

describe('migration 0015 (approval_request: four-eyes requests)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades the previous version keeping its rows; known statuses only, and the checker is never the maker', async () => {
    const path = join(dir.path, 'prev.sqlite')
    const prev = await storeAtVersion({ path }, migrations.slice(0, at))
    await prev.query(`INSERT INTO staff (id, login, display_name, role, password_hash, disabled, created_at, updated_at) VALUES ('s1','chief','Chief','supervisor','h',0,'t','t')`)
    await prev.query(`PRAGMA user_version = ${at}`)
    await prev.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name)[at]).toBe(NAME)
    expect(await ds.query('SELECT login FROM staff')).toEqual([{ login: 'chief' }])
    expect(await ds.query('SELECT * FROM approval_request')).toEqual([])
    await ds.query(REQ, ['r1', 'pending', null])
    await ds.query(REQ, ['r2', 'executed', 'checker'])
    await expect(ds.query(REQ, ['r1', 'pending', null])).rejects.toThrow('UNIQUE constraint failed: approval_request.id')
    await expect(ds.query(REQ, ['r3', 'maybe', null])).rejects.toThrow('CHECK constraint failed')
    await expect(ds.query(REQ, ['r4', 'approved', 'maker'])).rejects.toThrow('CHECK constraint failed')
    const columns = (await ds.query('PRAGMA table_info(approval_request)')) as { name: string; notnull: number }[]
    expect(columns.filter((c) => c.notnull).map((c) => c.name)).toEqual([
      'id', 'kind', 'params_sealed', 'maker_id', 'maker_workstation', 'maker_reason_sealed', 'created_at', 'expires_at', 'status',
    ])
  })
})

describe.skipIf(!adminPgUrl)('migration 0015 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('adds approval_request with the same checks', async () => {
    db = await throwawayDatabase('teller_m0015')
    ds = await openBranchStore({ url: db.url })
    const pg = (id: string, status: string, checker: string | null) => ds!.query(REQ.replace(/\?/g, (() => { let n = 0; return () => `$${++n}` })()), [id, status, checker])
    await pg('r1', 'pending', null)
    await expect(pg('r1', 'pending', null)).rejects.toThrow('duplicate key value violates unique constraint')
    await expect(pg('r3', 'maybe', null)).rejects.toThrow('violates check constraint')
    await expect(pg('r4', 'approved', 'maker')).rejects.toThrow('violates check constraint')
  })
})
