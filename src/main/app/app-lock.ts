import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'teller.pid'

/**
 * Which process runs the app on a data folder. Key rotation in the admin CLI refuses to run while
 * the app is up: the running app would keep using the old data key and could not read rows the
 * CLI re-encrypted.
 */
export function markRunning(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE)
  writeFileSync(file, String(process.pid), { mode: 0o600 })
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file)
    } catch {
      // already gone
    }
  }
}

/** The pid of another live process running the app on this folder, or null. */
export function runningApp(dataDir: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (e) {
    // EPERM: alive, owned by another user; ESRCH: gone (a stale file after a crash).
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}
