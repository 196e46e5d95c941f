// Finds an installed Electron binary WITHOUT requiring the `electron` package: its index.js
// starts a download when the binary is missing, and downloads are not reachable here.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron')

export function findElectronBinary(env = process.env) {
  const pathFile = join(pkgDir, 'path.txt')
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, name)
    : join(pkgDir, 'dist', name)
  return existsSync(candidate) ? candidate : null
}
