import { chmodSync, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import type { AppMode } from './config'

/** Files of the local store that hold customer data: kept 0600, like the folder (0700). */
export const STORE_FILES = ['teller.sqlite', 'teller.sqlite-wal', 'teller.sqlite-shm']

export class DataFolderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataFolderError'
  }
}

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null)

/**
 * Checked at every start, before the store opens. Refused in every mode: a folder or store file
 * that another user owns or could write (the store, the audit trail or the development key could
 * be replaced). Production also refuses one others can read; development tightens it instead.
 */
export function secureDataFolder(dir: string, mode: AppMode, files: readonly string[] = STORE_FILES): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // The folder may be reached through a link (a mounted volume); the store files may not.
  check(dir, statSync(dir), 0o700, mode, 'data folder')
  for (const name of files) {
    const path = join(dir, name)
    // lstat, not exists: a dangling link planted in place of the store file counts too.
    const st = lstatSync(path, { throwIfNoEntry: false })
    if (st) check(path, st, 0o600, mode, 'store file')
  }
}

function check(path: string, st: Stats, wanted: number, mode: AppMode, what: string): void {
  const me = uid()
  if (st.isSymbolicLink()) throw new DataFolderError(`The ${what} ${path} is a symbolic link; refusing to follow it.`)
  if (me !== null && st.uid !== me) {
    throw new DataFolderError(`The ${what} ${path} belongs to another user (uid ${st.uid}); it must belong to the user running the app (uid ${me}).`)
  }
  const perms = st.mode & 0o777
  if (perms & 0o022) {
    throw new DataFolderError(`The ${what} ${path} can be written by other users (mode ${perms.toString(8)}); run: chmod ${wanted.toString(8)} '${path}'.`)
  }
  if (perms & 0o077) {
    if (mode === 'production') {
      throw new DataFolderError(`The ${what} ${path} can be read by other users (mode ${perms.toString(8)}); production refuses it. Run: chmod ${wanted.toString(8)} '${path}'.`)
    }
    chmodSync(path, wanted)
  }
}
