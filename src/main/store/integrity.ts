import sqlite3 from 'sqlite3'
import { StoreCorruptError } from './store-errors'

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB'])

/**
 * PRAGMA quick_check on an existing store, read-only, before anything writes to it: a damaged
 * page or header refuses the start with StoreCorruptError (how to restore from a backup), and the
 * damaged file is left exactly as it was. Other failures (permissions, a missing file) pass through.
 */
export function assertStoreIntact(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error & { code?: string }) => (CORRUPT_CODES.has(e.code ?? '') ? new StoreCorruptError(path) : e)
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (openError: (Error & { code?: string }) | null) => {
      if (openError) return reject(fail(openError))
      db.all('PRAGMA quick_check', (e: (Error & { code?: string }) | null, rows: { quick_check: string }[] | undefined) => {
        db.close(() => {
          if (e) return reject(fail(e))
          const ok = rows?.length === 1 && rows[0]!.quick_check === 'ok'
          if (ok) resolve()
          else reject(new StoreCorruptError(path))
        })
      })
    })
  })
}
