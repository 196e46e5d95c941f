import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DataSource } from 'typeorm'
import { entities } from './entities'
import { migrations } from './migrations'
import { StoreTooNewError } from './store-errors'

export const SCHEMA_VERSION = migrations.length

export interface OpenStoreOptions {
  /** Path of the SQLite file, normally in the app's user-data folder. */
  path: string
}

/**
 * Opens the local store: WAL, foreign keys on, busy timeout, then the append-only migrations.
 * Never `synchronize`. A database written by a newer app is refused before anything is changed.
 */
export async function openStore(options: OpenStoreOptions): Promise<DataSource> {
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 })
  const ds = new DataSource({
    type: 'sqlite',
    database: options.path,
    enableWAL: true,
    busyTimeout: 5000,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  })
  await ds.initialize()
  try {
    const version = await readSchemaVersion(ds)
    if (version > SCHEMA_VERSION) throw new StoreTooNewError(version, SCHEMA_VERSION)
    await ds.runMigrations({ transaction: 'each' })
    await ds.query(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    return ds
  } catch (e) {
    await ds.destroy()
    throw e
  }
}

/**
 * The version is the higher of PRAGMA user_version and the count of applied migrations; a migration
 * name this app does not know also means a newer app wrote the file.
 */
export async function readSchemaVersion(ds: DataSource): Promise<number> {
  const [{ user_version: userVersion }] = (await ds.query('PRAGMA user_version')) as [{ user_version: number }]
  const hasTable = (await ds.query(
    `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`,
  )) as unknown[]
  if (hasTable.length === 0) return userVersion
  const applied = (await ds.query('SELECT name FROM migrations')) as { name: string }[]
  const known = new Set(migrations.map((m) => m.name))
  const unknown = applied.filter((r) => !known.has(r.name)).length
  const version = unknown > 0 ? SCHEMA_VERSION + unknown : applied.length
  return Math.max(userVersion, version)
}
