import type { DataSource } from 'typeorm'

/** The append's one statement, prepared once per connection (see `preparedInsert`). */
export const INSERT_EVENT =
  'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

type Callback = (e: Error | null) => void
interface Statement {
  run(params: unknown[], cb: Callback): void
  finalize(cb: () => void): void
}
interface DriverConnection {
  prepare(sql: string, cb: Callback): Statement
  close(cb?: Callback): void
}

/** Per connection: the prepared INSERT (finalized before the connection closes: SQLite refuses to close with one open). */
const prepared = new WeakMap<DriverConnection, Promise<Statement>>()

function connectionOf(ds: DataSource): DriverConnection {
  return (ds.driver as unknown as { databaseConnection: DriverConnection }).databaseConnection
}

function statementOn(db: DriverConnection): Promise<Statement> {
  const known = prepared.get(db)
  if (known) return known
  const made = new Promise<Statement>((resolve, reject) => {
    const s = db.prepare(INSERT_EVENT, (e) => (e ? reject(e) : resolve(s)))
  })
  prepared.set(db, made)
  // The connection's own close (the data source's destroy) finalizes the statement first.
  const close = db.close.bind(db)
  db.close = (cb?: Callback) => {
    void forget(db).then(() => close(cb))
  }
  made.catch(() => prepared.delete(db))
  return made
}

/** Drops (and finalizes) the prepared statement: after a failed insert it is prepared afresh. */
async function forget(db: DriverConnection): Promise<void> {
  const s = prepared.get(db)
  prepared.delete(db)
  const stmt = await s?.catch(() => null)
  if (stmt) await new Promise<void>((resolve) => stmt.finalize(() => resolve()))
}

/**
 * The hottest write of the app (issue 15 bench): one autocommit INSERT on the driver's connection
 * (the one TypeORM uses, serialised by the queue), as a statement prepared once, so an event costs
 * one trip to the driver's thread pool instead of three (prepare, run, finalize) and no query-runner.
 */
export async function insertPrepared(ds: DataSource, params: unknown[]): Promise<void> {
  const db = connectionOf(ds)
  const stmt = await statementOn(db)
  try {
    await new Promise<void>((resolve, reject) => stmt.run(params, (e) => (e ? reject(e) : resolve())))
  } catch (e) {
    await forget(db)
    throw e
  }
}
