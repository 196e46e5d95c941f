import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import sqlite3 from 'sqlite3'
import { openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { StoreTooNewError } from '../../../src/main/store/store-errors'
import { migrations } from '../../../src/main/store/migrations'
import { tempDir } from '../../support/temp-engine'

function rawExec(path: string, sql: string): Promise<void> {
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(path)
    db.exec(sql, (e) => db.close(() => (e ? fail(e) : ok())))
  })
}

describe('openStore', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('applies every migration once, records the schema version, and is idempotent on reopen', async () => {
    const path = join(dir.path, 'idem.sqlite')
    const first = await openStore({ path })
    expect(await first.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    await first.destroy()
    const second = await openStore({ path })
    const applied = (await second.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name)).toEqual(migrations.map((m) => m.name))
    await second.destroy()
  })

  it('keeps entities and migrations in agreement (columns, nullability, keys) for every table', async () => {
    const ds = await openStore({ path: join(dir.path, 'agree.sqlite') })
    try {
      for (const meta of ds.entityMetadatas) {
        const info = (await ds.query(`PRAGMA table_info("${meta.tableName}")`)) as {
          name: string
          notnull: number
          pk: number
          dflt_value: string | null
        }[]
        expect(info.length, `table ${meta.tableName} exists`).toBeGreaterThan(0)
        const byName = new Map(info.map((c) => [c.name, c]))
        for (const col of meta.columns) {
          const db = byName.get(col.databaseName)
          expect(db, `${meta.tableName}.${col.databaseName} exists`).toBeDefined()
          expect(db!.pk > 0, `${meta.tableName}.${col.databaseName} primary`).toBe(col.isPrimary)
          if (!col.isPrimary) expect(db!.notnull === 0, `${meta.tableName}.${col.databaseName} nullable`).toBe(col.isNullable)
        }
        // A NOT NULL column without default that the entity does not know would break every insert.
        const mapped = new Set(meta.columns.map((c) => c.databaseName))
        const orphans = info.filter((c) => !mapped.has(c.name) && c.notnull && c.dflt_value === null && !c.pk)
        expect(orphans.map((c) => c.name), `${meta.tableName} unmapped required columns`).toEqual([])
      }
    } finally {
      await ds.destroy()
    }
  })

  it('refuses a database whose user_version is newer than the app, leaving it untouched', async () => {
    const path = join(dir.path, 'newer.sqlite')
    await rawExec(path, `PRAGMA user_version = ${SCHEMA_VERSION + 5}; CREATE TABLE future (x integer);`)
    const before = readFileSync(path)
    await expect(openStore({ path })).rejects.toBeInstanceOf(StoreTooNewError)
    await expect(openStore({ path })).rejects.toThrow(/newer application/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a database with a migration this app does not know', async () => {
    const path = join(dir.path, 'unknown-migration.sqlite')
    const ds = await openStore({ path })
    await ds.query(`INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')`)
    await ds.destroy()
    const error = await openStore({ path }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreTooNewError)
    expect((error as StoreTooNewError).databaseVersion).toBe(SCHEMA_VERSION + 1)
  })
})
