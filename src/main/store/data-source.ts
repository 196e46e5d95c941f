import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import sqlite3 from 'sqlite3'
import { DataSource } from 'typeorm'
import { entities } from './entities'
import { migrations } from './migrations'
import { StoreTooNewError } from './store-errors'
import { assertStoreIntact } from './integrity'
import { migrateBranch } from './branch-roles'

export const SCHEMA_VERSION = migrations.length

export interface OpenStoreOptions {
  /** Path of the SQLite file, normally in the app's user-data folder. */
  path: string
  /** How long a statement waits for another connection's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number
}

/**
 * Opens the local store: integrity check (a damaged file is refused untouched), WAL, foreign keys
 * on, busy timeout, then the append-only migrations.
 * Never `synchronize`. A database written by a newer app is refused before anything is changed
 * (it is probed read-only first: even switching to WAL would rewrite its header).
 */
export async function openStore(options: OpenStoreOptions): Promise<DataSource> {
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 })
  if (existsSync(options.path)) {
    await assertStoreIntact(options.path)
    const version = await probeSchemaVersion(options.path)
    if (version > SCHEMA_VERSION) throw new StoreTooNewError(version, SCHEMA_VERSION)
  } else {
    // Created 0600 before SQLite opens it: SQLite then gives the WAL and SHM files the same mode.
    closeSync(openSync(options.path, 'wx', 0o600))
  }
  const ds = new DataSource({
    type: 'sqlite',
    database: options.path,
    enableWAL: true,
    busyTimeout: options.busyTimeoutMs ?? 5000,
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

export interface BranchStoreOptions {
  /** postgres://user:pass@host:port/db, nothing more (no query string: see branchConnection). */
  url: string
  /** PEM CA bundle for the server's certificate (a bank CA). */
  caFile?: string
  /** The owner role's URL (TELLER_DB_OWNER_URL): migrations run under it, the app under `url` (issue 14). */
  ownerUrl?: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

export interface BranchConnection {
  host: string
  port: number
  username: string
  password: string
  database: string
}

/**
 * The parts of TELLER_DB_URL, checked so that the connection goes where the URL plainly says and
 * TLS stays as the app sets it (S1). The pg library reads query parameters (sslmode, ssl, host,
 * port, options, sslrootcert...) that would turn TLS off or redirect the connection, and parses
 * odd URLs differently from WHATWG URL: so any query string, fragment, backslash, space or control
 * character is refused, and the parts are handed to the driver one by one, never as a URL.
 * Errors name the problem, never the URL (it holds the password).
 */
export function branchConnection(raw: string): BranchConnection {
  const refuse = (why: string): never => {
    throw new Error(`TELLER_DB_URL ${why}`)
  }
  if (!/^postgres(ql)?:\/\//.test(raw)) refuse('must be a postgres:// URL.')
  if (raw.includes('\\')) refuse('must not contain a backslash.')
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) refuse('must not contain spaces or control characters.')
  if (raw.includes('?')) refuse('must not carry a query string (?sslmode=, ?host=, ?options=... would change TLS or the server); TLS is set by the app, a CA by TELLER_DB_CA_FILE; percent-encode a ? in the password as %3F.')
  if (raw.includes('#')) refuse('must not carry a fragment (#...); percent-encode a # in the password as %23.')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('is not a valid URL.')
  }
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)$/.test(url.hostname)) refuse('needs a plain host name or IP address (letters, digits, dots, dashes).')
  const path = url.pathname.replace(/^\//, '')
  if (!path) refuse('needs a database name (postgres://user:password@host:port/database).')
  if (path.includes('/')) refuse('must name one database name after the host (postgres://user:password@host:port/database), nothing more.')
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part)
    } catch {
      return refuse(`has a badly percent-encoded ${what}.`)
    }
  }
  const username = decode(url.username, 'user name')
  if (!username) refuse('needs a user name (postgres://user:password@host:port/database).')
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    username,
    password: decode(url.password, 'password'),
    database: decode(path, 'database name'),
  }
}

/**
 * Branch mode (issue 6): the same entities and migrations on a shared PostgreSQL database, so
 * every workstation of a branch sees the same customers, keys, lockouts and audit chain. TLS with
 * certificate verification is required (S1) unless the server is on this machine's loopback.
 * With `ownerUrl` (issue 14) the migrations run under the owner role, which then grants the app
 * role (the user of `url`) only what it needs: INSERT and SELECT on the audit trail.
 */
export async function openBranchStore(options: BranchStoreOptions): Promise<DataSource> {
  const appRole = branchConnection(options.url).username
  if (options.ownerUrl) {
    const owner = await branchDataSource(options.ownerUrl, options.caFile)
    try {
      await migrateBranch(owner, branchConnection(options.ownerUrl).username === appRole ? null : appRole)
    } finally {
      await owner.destroy()
    }
  }
  const ds = await branchDataSource(options.url, options.caFile)
  try {
    await migrateBranch(ds, null)
    return ds
  } catch (e) {
    await ds.destroy()
    throw e
  }
}

/** TLS with certificate verification (S1), unless the server is on this machine's loopback and no CA is given. */
export function branchSsl(conn: BranchConnection, caFile: string | undefined): false | { rejectUnauthorized: true; ca?: string } {
  return LOOPBACK.has(conn.host) && !caFile ? false : { rejectUnauthorized: true, ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}) }
}

async function branchDataSource(url: string, caFile: string | undefined): Promise<DataSource> {
  const conn = branchConnection(url)
  const ds = new DataSource({
    type: 'postgres',
    ...conn,
    ssl: branchSsl(conn, caFile),
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 8 },
  })
  await ds.initialize()
  return ds
}
