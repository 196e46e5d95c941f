import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const META = `INSERT INTO key_ring_meta (install_id, salt, kek_mode, created_at) VALUES (?, 'c2FsdA', ?, 't')`

describe('migration 0007 (key_ring_meta may record the development key store)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades a version-6 store keeping its key-ring row; dev-file is then a recordable mode, nothing else new is', async () => {
    const path = join(dir.path, 'v6.sqlite')
    const v6 = await storeAtVersion({ path }, migrations.slice(0, 6))
    await v6.query(META, ['i1', 'keychain'])
    await expect(v6.query(META, ['i2', 'dev-file'])).rejects.toThrow('CHECK constraint failed')
    await v6.query(`INSERT INTO key_ring (purpose, version, wrapped, state, created_at) VALUES ('data', 1, 'v1.x', 'active', 't')`)
    await v6.query('PRAGMA user_version = 6')
    await v6.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name).slice(6, 7)).toEqual(['DevKeyStore1764000000007'])
    expect(await ds.query('SELECT install_id, salt, kek_mode, created_at FROM key_ring_meta')).toEqual([{ install_id: 'i1', salt: 'c2FsdA', kek_mode: 'keychain', created_at: 't' }])
    expect(await ds.query('SELECT purpose, version FROM key_ring')).toEqual([{ purpose: 'data', version: 1 }])
    await ds.query(META, ['i2', 'dev-file'])
    await expect(ds.query(META, ['i3', 'plain'])).rejects.toThrow('CHECK constraint failed')
    await expect(ds.query(META, ['i1', 'passphrase'])).rejects.toThrow('UNIQUE constraint failed: key_ring_meta.install_id')
    const columns = (await ds.query('PRAGMA table_info(key_ring_meta)')) as { name: string; notnull: number; pk: number }[]
    expect(columns.map((c) => [c.name, c.notnull, c.pk])).toEqual([['install_id', 1, 1], ['salt', 1, 0], ['kek_mode', 1, 0], ['created_at', 1, 0]])
    expect(await ds.query(`SELECT name FROM sqlite_master WHERE name LIKE 'key_ring_meta%'`)).toEqual([{ name: 'key_ring_meta' }])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0007 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a version-6 database keeping its key-ring row; dev-file accepted, anything else refused', async () => {
    db = await throwawayDatabase('teller_m0007')
    const v6 = await storeAtVersion({ url: db.url }, migrations.slice(0, 6))
    const pgMeta = (q: DataSource, id: string, mode: string) => q.query(`INSERT INTO key_ring_meta (install_id, salt, kek_mode, created_at) VALUES ($1, 'c2FsdA', $2, 't')`, [id, mode])
    await pgMeta(v6, 'i1', 'passphrase')
    await v6.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name).slice(6, 7)).toEqual(['DevKeyStore1764000000007'])
    expect(await ds.query('SELECT install_id, kek_mode FROM key_ring_meta')).toEqual([{ install_id: 'i1', kek_mode: 'passphrase' }])
    await pgMeta(ds, 'i2', 'dev-file')
    await expect(pgMeta(ds, 'i3', 'plain')).rejects.toThrow('violates check constraint "key_ring_meta_kek_mode_check"')
  })
})
