import { defaultMessages, ErrorCode } from '../../shared/errors'
import { EngineError } from '../engine/kernel/engine-error'

/** The driver's error code of a failed statement: raw sqlite3/pg errors, or TypeORM's QueryFailedError around them. */
function driverCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined
  const own = (e as { code?: unknown }).code
  if (typeof own === 'string') return own
  const inner = (e as { driverError?: { code?: unknown } }).driverError?.code
  return typeof inner === 'string' ? inner : undefined
}

/** The branch server went away: refused, reset or shut down (57P01..03), or the connection class 08. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03'])
const LOST_CONNECTION = /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection/i

function isUnavailable(e: unknown, code: string | undefined): boolean {
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  return code === undefined && e instanceof Error && LOST_CONNECTION.test(e.message)
}

/**
 * Store failures the teller can act on, as typed refusals the gate passes on (never INTERNAL):
 * a full disk or size cap (SQLITE_FULL) and another program holding the file past the busy timeout
 * (SQLITE_BUSY, SQLITE_LOCKED), and a branch PostgreSQL server that is down or restarting. The statement or transaction that failed was rolled back by SQLite
 * and TypeORM; anything else is returned unchanged.
 */
export function storeFault(e: unknown): unknown {
  const code = driverCode(e)
  if (isUnavailable(e, code)) return new EngineError(ErrorCode.STORE_UNAVAILABLE, defaultMessages.STORE_UNAVAILABLE)
  switch (code) {
    case 'SQLITE_FULL':
      return new EngineError(ErrorCode.STORAGE_FULL, defaultMessages.STORAGE_FULL)
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new EngineError(ErrorCode.STORE_BUSY, defaultMessages.STORE_BUSY)
    default:
      return e
  }
}

const rethrowMapped = (e: unknown): never => {
  throw storeFault(e)
}

/** Runs store work and turns its driver failures into typed refusals. */
export function mapStoreFaults<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work().catch(rethrowMapped)
  } catch (e) {
    return rethrowMapped(e)
  }
}

/** A repository whose every method maps store failures (for the repositories used outside a transaction). */
export function withStoreFaults<T extends object>(repo: T): T {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => mapStoreFaults(() => Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)))
    },
  })
}
