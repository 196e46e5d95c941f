import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const MODE = `INSERT INTO store_meta (name, value, recorded_at) VALUES (?, ?, 't')`
const at = migrations.findIndex((m) => m.name === 'StoreMode1764000000011')

describe('migration 0011 (store_meta: the mode a store belongs to)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades the previous version keeping its rows; one mode row, development or production only', async () => {
    const path = join(dir.path, 'prev.sqlite')
    const prev = await storeAtVersion({ path }, migrations.slice(0, at))
    await prev.query(`INSERT INTO staff (id, login, display_name, role, password_hash, disabled, created_at, updated_at) VALUES ('s1','chief','Chief','supervisor','h',0,'t','t')`)
    await prev.query(`PRAGMA user_version = ${at}`)
    await prev.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name)[at]).toBe('StoreMode1764000000011')
    expect(await ds.query('SELECT login FROM staff')).toEqual([{ login: 'chief' }])
    expect(await ds.query('SELECT * FROM store_meta')).toEqual([])
    await ds.query(MODE, ['mode', 'production'])
    await expect(ds.query(MODE, ['mode', 'development'])).rejects.toThrow('UNIQUE constraint failed: store_meta.name')
    await expect(ds.query(MODE, ['colour', 'blue'])).rejects.toThrow('CHECK constraint failed')
    await ds.query(`DELETE FROM store_meta`)
    await expect(ds.query(MODE, ['mode', 'staging'])).rejects.toThrow('CHECK constraint failed')
  })
})

describe.skipIf(!adminPgUrl)('migration 0011 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('adds store_meta with the same checks', async () => {
    db = await throwawayDatabase('teller_m0011')
    ds = await openBranchStore({ url: db.url })
    const pgMode = (name: string, value: string) => ds!.query(`INSERT INTO store_meta (name, value, recorded_at) VALUES ($1, $2, 't')`, [name, value])
    await pgMode('mode', 'development')
    await expect(pgMode('mode', 'production')).rejects.toThrow('duplicate key value violates unique constraint')
    await expect(pgMode('colour', 'blue')).rejects.toThrow('violates check constraint')
  })
})
