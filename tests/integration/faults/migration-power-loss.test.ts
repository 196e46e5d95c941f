import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import sqlite3 from 'sqlite3'
import { DataSource } from 'typeorm'
import { entities } from '../../../src/main/store/entities'
import { migrations } from '../../../src/main/store/migrations'
import { openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { tempDir } from '../../support/temp-engine'

/**
 * Fault matrix, row "power loss during migration": a child process running the real migrations is
 * killed with SIGKILL while inside migration K (after some of its statements, or after all of them
 * but before it is recorded). The file must then be exactly at version K-1 (schema and migrations
 * table as a store migrated to K-1), never between, and the next start must finish the job.
 */
type Schema = { applied: string[]; objects: string[] }

function readSchema(path: string): Promise<Schema> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (e) => {
      if (e) return reject(e)
      db.all(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`, (e1, objs: { type: string; name: string; sql: string | null }[]) => {
        if (e1) return db.close(() => reject(e1))
        const hasTable = objs.some((o) => o.name === 'migrations')
        const finish = (applied: string[]) => db.close(() => resolve({ applied, objects: objs.map((o) => `${o.type} ${o.name}: ${o.sql ?? ''}`) }))
        if (!hasTable) return finish([])
        db.all('SELECT name FROM migrations ORDER BY id', (e2, rows: { name: string }[]) => (e2 ? db.close(() => reject(e2)) : finish(rows.map((r) => r.name))))
      })
    })
  })
}

/** A store migrated to exactly `version` by TypeORM, as the reference. */
async function referenceAt(path: string, version: number): Promise<Schema> {
  const ds = new DataSource({ type: 'sqlite', database: path, enableWAL: true, entities, migrations: migrations.slice(0, version), migrationsTransactionMode: 'each', synchronize: false, logging: false })
  await ds.initialize()
  await ds.runMigrations({ transaction: 'each' })
  await ds.destroy()
  return readSchema(path)
}

/** Starts the worker paused inside migration k after statement s; SIGKILL once it says so. */
function killInside(path: string, k: number, s: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/migration-worker.ts', path, String(k), String(s)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`the worker never paused: ${out}`)), 60_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('paused')) child.kill('SIGKILL')
    })
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      resolve(signal === 'SIGKILL' && out.includes(`paused ${k}:${s}`) ? 'killed' : `exited (${String(signal)}): ${out}`)
    })
  })
}

describe('fault: power loss during migration', () => {
  let dir: { path: string; cleanup(): void }
  beforeEach(() => (dir = tempDir()))
  afterEach(() => dir.cleanup())

  // Migration K killed after its first statement, and after its whole up() before TypeORM records it.
  const cases = Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1).flatMap((k) => [1, 0].map((s) => [k, s] as const))

  it.each(cases)('killed inside migration %i (after statement %i, 0 = after all of them): at version K-1 exactly, then the next start completes', async (k, s) => {
    const path = join(dir.path, 'teller.sqlite')
    const outcome = await killInside(path, k, s)
    expect(outcome).toBe('killed')
    const expected = await referenceAt(join(dir.path, 'reference.sqlite'), k - 1)
    expect(await readSchema(path)).toEqual(expected)
    const ds = await openStore({ path })
    await ds.destroy()
    expect(await readSchema(path)).toEqual(await referenceAt(join(dir.path, 'full.sqlite'), SCHEMA_VERSION))
  })
})
