// A stand-in for an unpacked Electron distribution, for machines where no Electron binary can be
// downloaded. electron-builder (electronDist = this folder) copies it as it would copy a real
// Electron: an `electron` executable (renamed to the app's executable) and a `resources/` folder
// that receives app.asar, app.asar.unpacked and the extraResources. The result has the real
// layout and the real app.asar, but its executable only prints that it is a stand-in: it is for
// checking the package's contents, never for shipping. Fuses cannot be flipped on it.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const STANDIN_MARKER = 'ELECTRON-STAND-IN.txt'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const defaultStandinDir = join(root, 'node_modules', '.cache', 'teller-electron-standin')

/** Writes (or refreshes) the stand-in folder and returns its path. */
export function createElectronStandin(dir = defaultStandinDir) {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  mkdirSync(join(dir, 'locales'), { recursive: true })
  const exe = join(dir, 'electron')
  writeFileSync(
    exe,
    '#!/bin/sh\necho "This is a packaging stand-in, not Electron: build with ELECTRON_OVERRIDE_DIST_PATH set to a real Electron to get a runnable app." >&2\nexit 1\n',
  )
  chmodSync(exe, 0o755)
  writeFileSync(
    join(dir, STANDIN_MARKER),
    'Packaged with a stand-in for the Electron binary (scripts/electron-standin.mjs).\n' +
      'Not runnable, not shippable: its fuses are not flipped. Only resources/ is the real app.\n',
  )
  return dir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(createElectronStandin(process.argv[2] ?? defaultStandinDir))
}
