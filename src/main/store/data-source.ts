import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import sqlite3 from 'sqlite3'
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
 * Never `synchronize`. A database written by a newer app is refused before anything is changed
 * (it is probed read-only first: even switching to WAL would rewrite its header).
 */
export async function openStore(options: OpenStoreOptions): Promise<DataSource> {
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 })
  if (existsSync(options.path)) {
    const version = await probeSchemaVersion(options.path)
    if (version > SCHEMA_VERSION) throw new StoreTooNewError(version, SCHEMA_VERSION)
  }
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
    // Deleted and overwritten content (old rows, dropped tables) is zeroed on disk, not left in free pages.
    await ds.query('PRAGMA secure_delete = ON')
    await ds.runMigrations({ transaction: 'each' })
    await ds.query(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    return ds
  } catch (e) {
    await ds.destroy()
    throw e
  }
}

/**
 * The schema version of an existing file, read without writing: the higher of PRAGMA user_version
 * and the applied-migration count, where a migration name this app does not know counts as newer.
 */
export function probeSchemaVersion(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError)
      const done = (e: Error | null, v?: number) => db.close(() => (e ? reject(e) : resolve(v ?? 0)))
      db.get('PRAGMA user_version', (e1: Error | null, row: { user_version: number } | undefined) => {
        if (e1) return done(e1)
        const userVersion = row?.user_version ?? 0
        db.all(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`,
          (e2: Error | null, tables: unknown[]) => {
            if (e2) return done(e2)
            if (tables.length === 0) return done(null, userVersion)
            db.all('SELECT name FROM migrations', (e3: Error | null, applied: { name: string }[]) => {
              if (e3) return done(e3)
              const known = new Set(migrations.map((m) => m.name))
              const unknown = applied.filter((r) => !known.has(r.name)).length
              const fromTable = unknown > 0 ? SCHEMA_VERSION + unknown : applied.length
              done(null, Math.max(userVersion, fromTable))
            })
          },
        )
      })
    })
  })
}
